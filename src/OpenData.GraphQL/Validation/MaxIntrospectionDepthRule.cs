using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Not a spec rule but part of graphql-js 16's specified rules ("recommended"): an introspection query may
/// nest the list fields fields / interfaces / possibleTypes / inputFields at most three deep under
/// __schema or __type, since deeper introspection queries grow exponentially and serve no tool
/// (graphql-js MaxIntrospectionDepthRule).
/// </summary>
public sealed class MaxIntrospectionDepthRule : IValidationRule
{
    private const int MaxListsDepth = 3;

    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        // For each fragment: the smallest entry depth at which a check through it finished without / with
        // reaching the limit; a check entering at that depth or deeper (resp. shallower) has the same outcome.
        private readonly Dictionary<string, int> _checkedFragments = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _exceededFragments = new(StringComparer.Ordinal);

        public override VisitAction Enter(Node node)
        {
            if (node is FieldNode { Name.Value: "__schema" or "__type" } field)
            {
                if (ExceedsDepth(field, new Dictionary<string, int>(StringComparer.Ordinal), 0))
                {
                    context.ReportError("Maximum introspection depth exceeded", field);
                    return VisitAction.SkipChildren;
                }
            }
            return VisitAction.Continue;
        }

        private bool ExceedsDepth(Node node, Dictionary<string, int> visitedFragments, int depth)
        {
            if (node is FragmentSpreadNode spread)
            {
                string name = spread.Name.Value;
                if (_exceededFragments.TryGetValue(name, out int exceededAt) && exceededAt <= depth) return true;
                // A revisit at the same or a shallower depth cannot go deeper than the first visit (and ends cycles).
                if ((visitedFragments.TryGetValue(name, out int visitedAt) && visitedAt >= depth)
                    || (_checkedFragments.TryGetValue(name, out int checkedAt) && checkedAt >= depth))
                {
                    return false;
                }
                var fragment = context.GetFragment(name);
                if (fragment is null) return false;
                visitedFragments[name] = depth;
                if (ExceedsDepth(fragment, visitedFragments, depth))
                {
                    _exceededFragments[name] = depth;
                    return true;
                }
                _checkedFragments[name] = depth;
                return false;
            }

            if (node is FieldNode { Name.Value: "fields" or "interfaces" or "possibleTypes" or "inputFields" })
            {
                depth++;
                if (depth >= MaxListsDepth) return true;
            }

            var selectionSet = node switch
            {
                FieldNode f => f.SelectionSet,
                InlineFragmentNode i => i.SelectionSet,
                FragmentDefinitionNode d => d.SelectionSet,
                _ => null,
            };
            if (selectionSet is not null)
            {
                foreach (var child in selectionSet.Selections)
                {
                    if (ExceedsDepth(child, visitedFragments, depth)) return true;
                }
            }
            return false;
        }
    }
}
