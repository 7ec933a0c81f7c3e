using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.8.3 All Variable Uses Defined: every variable used by an operation, including inside the fragments
/// it spreads, must be declared by that operation (graphql-js NoUndefinedVariablesRule). A fragment used by
/// two operations is checked once for each.
/// </summary>
public sealed class AllVariableUsesDefinedRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private readonly HashSet<string> _defined = new(StringComparer.Ordinal);

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case OperationDefinitionNode:
                    _defined.Clear();
                    return VisitAction.Continue;
                case VariableDefinitionNode definition:
                    _defined.Add(definition.Variable.Name.Value);
                    return VisitAction.SkipChildren;
                case SelectionSetNode or FragmentDefinitionNode or TypeSystemDefinitionNode:
                    // Usages are gathered by the context; only the declarations are collected here.
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        public override void Leave(Node node)
        {
            if (node is not OperationDefinitionNode operation) return;
            foreach (var usage in context.GetRecursiveVariableUsages(operation))
            {
                string name = usage.Node.Name.Value;
                if (_defined.Contains(name)) continue;
                context.ReportError(
                    operation.Name is not null
                        ? $"Variable \"${name}\" is not defined by operation \"{operation.Name.Value}\"."
                        : $"Variable \"${name}\" is not defined.",
                    usage.Node, operation);
            }
        }
    }
}
