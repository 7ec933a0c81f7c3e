using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.8.1 Variable Uniqueness: an operation may declare each variable name only once
/// (graphql-js UniqueVariableNamesRule).
/// </summary>
public sealed class VariableUniquenessRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case OperationDefinitionNode operation:
                    var definitions = operation.VariableDefinitions;
                    if (definitions.Count > 1)
                    {
                        // Grouped by name in order of first appearance; one error per repeated name.
                        var groups = new OrderedDictionary<string, List<Node>>(StringComparer.Ordinal);
                        foreach (var definition in definitions)
                        {
                            var name = definition.Variable.Name;
                            if (!groups.TryGetValue(name.Value, out var list))
                            {
                                list = [];
                                groups.Add(name.Value, list);
                            }
                            list.Add(name);
                        }
                        foreach (var (name, nodes) in groups)
                        {
                            if (nodes.Count > 1) context.ReportError($"There can be only one variable named \"${name}\".", [.. nodes]);
                        }
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
