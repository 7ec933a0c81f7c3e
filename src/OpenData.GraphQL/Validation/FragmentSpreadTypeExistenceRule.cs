using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.5.1.2 Fragment Spread Type Existence: the type condition of a fragment definition or inline
/// fragment must name a type of the schema (graphql-js KnownTypeNamesRule, for type conditions).
/// </summary>
public sealed class FragmentSpreadTypeExistenceRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private HashSet<string>? _definedTypes;
        private NamedTypeNode? _typeCondition;

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case FragmentDefinitionNode fragment:
                    _typeCondition = fragment.TypeCondition;
                    break;
                case InlineFragmentNode inline:
                    _typeCondition = inline.TypeCondition;
                    break;
                case NamedTypeNode named when ReferenceEquals(named, _typeCondition):
                    // Checked when the type condition itself is visited so errors come in document order.
                    _definedTypes ??= KnownTypeNamesRule.DefinedTypes(context.Document);
                    KnownTypeNamesRule.Check(context, named, inTypeSystemDefinition: false, _definedTypes);
                    break;
            }
            return VisitAction.Continue;
        }
    }
}
