using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.4.2 Argument Uniqueness: a field or directive may be given each argument only once
/// (graphql-js UniqueArgumentNamesRule).
/// </summary>
public sealed class ArgumentUniquenessRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case FieldNode field:
                    Check(field.Arguments);
                    return VisitAction.Continue;
                case DirectiveNode directive:
                    Check(directive.Arguments);
                    return VisitAction.SkipChildren;
                case ArgumentNode:
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        private void Check(IReadOnlyList<ArgumentNode> arguments)
        {
            if (arguments.Count < 2) return;
            OrderedDictionary<string, List<Node>>? groups = null;
            for (int i = 1; i < arguments.Count && groups is null; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (arguments[i].Name.Value == arguments[j].Name.Value)
                    {
                        groups = new OrderedDictionary<string, List<Node>>(StringComparer.Ordinal);
                        break;
                    }
                }
            }
            if (groups is null) return;

            foreach (var argument in arguments)
            {
                if (!groups.TryGetValue(argument.Name.Value, out var list))
                {
                    list = [];
                    groups.Add(argument.Name.Value, list);
                }
                list.Add(argument.Name);
            }
            foreach (var (name, nodes) in groups)
            {
                if (nodes.Count > 1) context.ReportError($"There can be only one argument named \"{name}\".", [.. nodes]);
            }
        }
    }
}
