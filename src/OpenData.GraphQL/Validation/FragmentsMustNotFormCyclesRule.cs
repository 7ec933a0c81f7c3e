using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.5.2.2 Fragment Spreads Must Not Form Cycles: a fragment that spreads itself, directly or through
/// other fragments, would expand forever (graphql-js NoFragmentCyclesRule). A depth-first search over the
/// spreads, visiting each fragment once, reports each cycle with the spreads that form it.
/// </summary>
public sealed class FragmentsMustNotFormCyclesRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
        private readonly List<FragmentSpreadNode> _spreadPath = [];
        // Index in _spreadPath at which each fragment on the current path was entered.
        private readonly Dictionary<string, int> _spreadPathIndexByName = new(StringComparer.Ordinal);

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case FragmentDefinitionNode fragment:
                    DetectCycles(fragment);
                    return VisitAction.SkipChildren;
                case DefinitionNode:
                    return VisitAction.SkipChildren;
                default:
                    return VisitAction.Continue;
            }
        }

        private void DetectCycles(FragmentDefinitionNode fragment)
        {
            string fragmentName = fragment.Name.Value;
            if (!_visited.Add(fragmentName)) return;

            var spreads = context.GetFragmentSpreads(fragment.SelectionSet);
            if (spreads.Count == 0) return;

            _spreadPathIndexByName[fragmentName] = _spreadPath.Count;
            foreach (var spread in spreads)
            {
                string spreadName = spread.Name.Value;
                _spreadPath.Add(spread);
                if (!_spreadPathIndexByName.TryGetValue(spreadName, out int cycleIndex))
                {
                    var target = context.GetFragment(spreadName);
                    if (target is not null) DetectCycles(target);
                }
                else
                {
                    var cyclePath = _spreadPath.GetRange(cycleIndex, _spreadPath.Count - cycleIndex);
                    var via = string.Join(", ", cyclePath.Take(cyclePath.Count - 1).Select(s => "\"" + s.Name.Value + "\""));
                    context.ReportError(
                        $"Cannot spread fragment \"{spreadName}\" within itself" + (via.Length > 0 ? $" via {via}." : "."),
                        [.. cyclePath]);
                }
                _spreadPath.RemoveAt(_spreadPath.Count - 1);
            }
            _spreadPathIndexByName.Remove(fragmentName);
        }
    }
}
