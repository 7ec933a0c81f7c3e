using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.8.4 All Variables Used: every variable an operation declares must be used by it, directly or in a
/// fragment it spreads (graphql-js NoUnusedVariablesRule).
/// </summary>
public sealed class AllVariablesUsedRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private readonly List<VariableDefinitionNode> _definitions = [];

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case OperationDefinitionNode:
                    _definitions.Clear();
                    return VisitAction.Continue;
                case VariableDefinitionNode definition:
                    _definitions.Add(definition);
                    return VisitAction.SkipChildren;
                case SelectionSetNode or FragmentDefinitionNode or TypeSystemDefinitionNode:
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        public override void Leave(Node node)
        {
            if (node is not OperationDefinitionNode operation) return;
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var usage in context.GetRecursiveVariableUsages(operation)) used.Add(usage.Node.Name.Value);
            foreach (var definition in _definitions)
            {
                string name = definition.Variable.Name.Value;
                if (used.Contains(name)) continue;
                context.ReportError(
                    operation.Name is not null
                        ? $"Variable \"${name}\" is never used in operation \"{operation.Name.Value}\"."
                        : $"Variable \"${name}\" is never used.",
                    definition);
            }
        }
    }
}
