using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.5.1.1 Fragment Name Uniqueness: fragment definitions are referenced by name, so names must be
/// unique within the document (graphql-js UniqueFragmentNamesRule).
/// </summary>
public sealed class FragmentNameUniquenessRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private readonly Dictionary<string, NameNode> _known = new(StringComparer.Ordinal);

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case FragmentDefinitionNode fragment:
                    var name = fragment.Name;
                    if (_known.TryGetValue(name.Value, out var first))
                    {
                        context.ReportError($"There can be only one fragment named \"{name.Value}\".", first, name);
                    }
                    else
                    {
                        _known[name.Value] = name;
                    }
                    return VisitAction.SkipChildren;
                case DefinitionNode:
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }
    }
}
