using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.5.1.4 Fragments Must Be Used: a fragment definition that no operation reaches (directly or through
/// other fragments) is an error, as it is most likely a mistake (graphql-js NoUnusedFragmentsRule).
/// </summary>
public sealed class FragmentsMustBeUsedRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private readonly List<OperationDefinitionNode> _operations = [];
        private readonly List<FragmentDefinitionNode> _fragments = [];

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case OperationDefinitionNode operation:
                    _operations.Add(operation);
                    return VisitAction.SkipChildren;
                case FragmentDefinitionNode fragment:
                    _fragments.Add(fragment);
                    return VisitAction.SkipChildren;
                case DefinitionNode:
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        public override void Leave(Node node)
        {
            if (node is not DocumentNode) return;
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fragment in context.GetRecursivelyReferencedFragmentsForOperations(_operations))
            {
                used.Add(fragment.Name.Value);
            }
            foreach (var fragment in _fragments)
            {
                if (!used.Contains(fragment.Name.Value))
                {
                    context.ReportError($"Fragment \"{fragment.Name.Value}\" is never used.", fragment);
                }
            }
        }
    }
}
