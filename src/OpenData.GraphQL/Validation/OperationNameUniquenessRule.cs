using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.2.1.1 Operation Name Uniqueness: each named operation must have a name of its own, so that a
/// client can pick one by name (graphql-js UniqueOperationNamesRule).
/// </summary>
public sealed class OperationNameUniquenessRule : IValidationRule
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
                case OperationDefinitionNode { Name: { } name }:
                    if (_known.TryGetValue(name.Value, out var first))
                    {
                        context.ReportError($"There can be only one operation named \"{name.Value}\".", first, name);
                    }
                    else
                    {
                        _known[name.Value] = name;
                    }
                    return VisitAction.SkipChildren;
                case ExecutableDefinitionNode:
                    // Nothing inside a definition matters to this rule.
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }
    }
}
