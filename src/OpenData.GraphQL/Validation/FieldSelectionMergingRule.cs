using System.Runtime.CompilerServices;
using System.Text;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.3.2 Field Selection Merging: when several selections produce the same response key (through aliases,
/// fragments or repetition) they must be mergeable: the same field with the same arguments, unless their
/// parent types are different object types (then they can never both apply), and in any case of compatible
/// return types, recursively for their sub-selections (graphql-js OverlappingFieldsCanBeMergedRule).
/// </summary>
/// <remarks>
/// <para>
/// A naive pairwise comparison of every field with every other, following every fragment spread, is
/// exponential in the nesting of fragments. As in graphql-js, the fields of each selection set are collected
/// once (inline fragments flattened, named fragments kept as names) and cached; fields are compared
/// "within" a selection set only once, when that selection set is visited; otherwise only "between" two
/// collections, and comparisons between fragments, and between a collection and a fragment, are memoised
/// (remembering whether they were made under mutually exclusive parents, as a comparison under
/// non-exclusive parents covers the exclusive case but not the reverse).
/// </para>
/// <para>
/// A budget of comparisons guards against documents that are still too expensive; exceeding it stops
/// validation with "Validation aborted." as graphql-js does. Messages, and the number of nodes cited, are
/// capped at the same lengths.
/// </para>
/// </remarks>
public sealed class FieldSelectionMergingRule : IValidationRule
{
    private const int MaxConflictDetailLength = 1000;
    private const int MaxConflictNodes = 20;
    private const int MaxComplexityBudget = 500_000;

    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        private readonly ConflictFinder _finder = new(context);
        private SelectionSetNode? _inlineFragmentSelectionSet;

        public override VisitAction Enter(Node node)
        {
            switch (node)
            {
                case InlineFragmentNode inline:
                    _inlineFragmentSelectionSet = inline.SelectionSet;
                    break;
                case SelectionSetNode selectionSet:
                    // An inline fragment's fields belong to the enclosing selection set and are compared there.
                    if (ReferenceEquals(selectionSet, _inlineFragmentSelectionSet)) break;
                    var selections = selectionSet.Selections;
                    // A single field or spread cannot conflict with anything at this level.
                    if (selections.Count == 0 || (selections.Count == 1 && selections[0] is not InlineFragmentNode)) break;
                    foreach (var conflict in _finder.FindConflictsWithinSelectionSet(context.ParentType, selectionSet))
                    {
                        context.ReportError(
                            $"Fields \"{Abbreviate(conflict.ResponseName)}\" conflict because {conflict.Reason}. "
                            + "Use different aliases on the fields to fetch both if this was intentional.",
                            [.. conflict.Fields1, .. conflict.Fields2]);
                    }
                    break;
            }
            return VisitAction.Continue;
        }
    }

    private static string Abbreviate(string text)
        => text.Length > MaxConflictDetailLength ? text[..MaxConflictDetailLength] + "..." : text;

    /// <summary>Two selections with the same response key that cannot be merged, and why.</summary>
    private sealed record Conflict(string ResponseName, string Reason, List<FieldNode> Fields1, List<FieldNode> Fields2);

    /// <summary>A field selected in a collection, with the type it was selected on.</summary>
    private sealed class FieldDetails(NamedType? parentType, FieldNode node, FieldDefinition? definition)
    {
        public NamedType? ParentType { get; } = parentType;
        public FieldNode Node { get; } = node;
        public FieldDefinition? Definition { get; } = definition;
        public bool IsSimpleLeaf { get; } = node.Arguments.Count == 0 && node.SelectionSet is null;

        // Prepared lazily: most fields never overlap with another.
        public FieldInfo? Info { get; set; }
    }

    private sealed class FieldInfo(NamedType? namedType, ArgumentInfo? arguments)
    {
        public NamedType? NamedType { get; } = namedType;
        public ArgumentInfo? Arguments { get; } = arguments;
        public string? TypeString { get; set; }

        // The reason (or null for "no conflict") found when compared by name and arguments with another field.
        public Dictionary<FieldInfo, string?> Comparisons { get; } = new(ReferenceEqualityComparer.Instance);
    }

    private sealed class ArgumentInfo(IReadOnlyList<ArgumentNode> nodes)
    {
        public IReadOnlyList<ArgumentNode> Nodes { get; } = nodes;
        public Dictionary<string, ValueNode> Values { get; } = BuildValues(nodes);

        private static Dictionary<string, ValueNode> BuildValues(IReadOnlyList<ArgumentNode> nodes)
        {
            var values = new Dictionary<string, ValueNode>(StringComparer.Ordinal);
            foreach (var argument in nodes) values[argument.Name.Value] = argument.Value;
            return values;
        }
    }

    /// <summary>The fields of a selection set by response key (inline fragments flattened) and the names of the fragments it spreads.</summary>
    private sealed class CollectedFields(OrderedDictionary<string, List<FieldDetails>> grouped, List<string> fragmentNames)
    {
        public OrderedDictionary<string, List<FieldDetails>> Grouped { get; } = grouped;
        public List<string> FragmentNames { get; } = fragmentNames;

        // Fragment name -> whether it was compared with these fields under mutually exclusive parents.
        public Dictionary<string, bool>? ComparedFragments { get; set; }

        // Other collection -> the response keys both have, for repeated comparisons of the same pair.
        public Dictionary<CollectedFields, List<(string ResponseName, List<FieldDetails> Fields1, List<FieldDetails> Fields2)>>? Overlaps { get; set; }
    }

    private sealed class ConflictFinder(ValidationContext context)
    {
        private readonly PairSet _comparedFragmentPairs = new();
        private readonly Dictionary<(NamedType?, SelectionSetNode), CollectedFields> _collected = new(ReferencePairComparer.Instance);
        private readonly Dictionary<ValueNode, string> _stringifiedValues = new(ReferenceEqualityComparer.Instance);
        private int _remainingBudget = MaxComplexityBudget;

        private void Spend(int cost)
        {
            _remainingBudget -= cost;
            if (_remainingBudget < 0) throw new ValidationAbortedException();
        }

        // (A) compares the fields of the selection set among themselves (the only place that does), then
        // (B) with each fragment spread in it and (C) the spread fragments with each other.
        public List<Conflict> FindConflictsWithinSelectionSet(NamedType? parentType, SelectionSetNode selectionSet)
        {
            var conflicts = new List<Conflict>();
            var collected = CollectFields(parentType, selectionSet);
            CollectConflictsWithin(conflicts, collected.Grouped);

            var fragmentNames = collected.FragmentNames;
            if (fragmentNames.Count != 0 && (collected.Grouped.Count != 0 || fragmentNames.Count > 1))
            {
                for (int i = 0; i < fragmentNames.Count; i++)
                {
                    CollectConflictsBetweenFieldsAndFragment(conflicts, false, collected, fragmentNames[i]);
                    for (int j = i + 1; j < fragmentNames.Count; j++)
                    {
                        CollectConflictsBetweenFragments(conflicts, false, fragmentNames[i], fragmentNames[j]);
                    }
                }
            }
            return conflicts;
        }

        // (D) fields against a fragment's fields, then (E) against the fragments that fragment spreads.
        private void CollectConflictsBetweenFieldsAndFragment(List<Conflict> conflicts, bool areMutuallyExclusive,
            CollectedFields collected, string fragmentName)
        {
            Spend(1);
            if (collected.Grouped.Count == 0) return;

            var compared = collected.ComparedFragments ??= new Dictionary<string, bool>(StringComparer.Ordinal);
            if (compared.TryGetValue(fragmentName, out bool wasExclusive) && (!wasExclusive || areMutuallyExclusive)) return;
            compared[fragmentName] = areMutuallyExclusive;

            var fragment = context.GetFragment(fragmentName);
            if (fragment is null) return;
            var collected2 = CollectFragmentFields(fragment);
            // A fragment is never compared with itself.
            if (ReferenceEquals(collected, collected2)) return;

            CollectConflictsBetween(conflicts, areMutuallyExclusive, collected, collected2);
            foreach (var referenced in collected2.FragmentNames)
            {
                CollectConflictsBetweenFieldsAndFragment(conflicts, areMutuallyExclusive, collected, referenced);
            }
        }

        // (F) one fragment's fields against the other's, then (G) each against the fragments the other spreads.
        private void CollectConflictsBetweenFragments(List<Conflict> conflicts, bool areMutuallyExclusive, string fragmentName1, string fragmentName2)
        {
            Spend(2);
            if (fragmentName1 == fragmentName2) return;
            if (_comparedFragmentPairs.Has(fragmentName1, fragmentName2, areMutuallyExclusive)) return;
            _comparedFragmentPairs.Add(fragmentName1, fragmentName2, areMutuallyExclusive);

            var fragment1 = context.GetFragment(fragmentName1);
            var fragment2 = context.GetFragment(fragmentName2);
            if (fragment1 is null || fragment2 is null) return;

            var collected1 = CollectFragmentFields(fragment1);
            var collected2 = CollectFragmentFields(fragment2);
            CollectConflictsBetween(conflicts, areMutuallyExclusive, collected1, collected2);
            foreach (var referenced2 in collected2.FragmentNames)
            {
                CollectConflictsBetweenFragments(conflicts, areMutuallyExclusive, fragmentName1, referenced2);
            }
            foreach (var referenced1 in collected1.FragmentNames)
            {
                CollectConflictsBetweenFragments(conflicts, areMutuallyExclusive, referenced1, fragmentName2);
            }
        }

        // The sub-selections of two overlapping fields: (H) fields against fields, (I) fields against the other
        // side's fragments, (J) fragments against fragments.
        private List<Conflict> FindConflictsBetweenSubSelectionSets(bool areMutuallyExclusive,
            NamedType? parentType1, SelectionSetNode selectionSet1, NamedType? parentType2, SelectionSetNode selectionSet2)
        {
            var conflicts = new List<Conflict>();
            var collected1 = CollectFields(parentType1, selectionSet1);
            var collected2 = CollectFields(parentType2, selectionSet2);

            CollectConflictsBetween(conflicts, areMutuallyExclusive, collected1, collected2);
            foreach (var fragmentName2 in collected2.FragmentNames)
            {
                CollectConflictsBetweenFieldsAndFragment(conflicts, areMutuallyExclusive, collected1, fragmentName2);
            }
            foreach (var fragmentName1 in collected1.FragmentNames)
            {
                CollectConflictsBetweenFieldsAndFragment(conflicts, areMutuallyExclusive, collected2, fragmentName1);
            }
            foreach (var fragmentName1 in collected1.FragmentNames)
            {
                foreach (var fragmentName2 in collected2.FragmentNames)
                {
                    CollectConflictsBetweenFragments(conflicts, areMutuallyExclusive, fragmentName1, fragmentName2);
                }
            }
            return conflicts;
        }

        private void CollectConflictsWithin(List<Conflict> conflicts, OrderedDictionary<string, List<FieldDetails>> grouped)
        {
            foreach (var (responseName, fields) in grouped)
            {
                for (int i = 0; i < fields.Count; i++)
                {
                    for (int j = i + 1; j < fields.Count; j++)
                    {
                        if (FindConflict(false, responseName, fields[i], fields[j]) is { } conflict) conflicts.Add(conflict);
                    }
                }
            }
        }

        // Assumes each collection was already compared within itself (every selection set is visited).
        private void CollectConflictsBetween(List<Conflict> conflicts, bool parentFieldsAreMutuallyExclusive,
            CollectedFields collected1, CollectedFields collected2)
        {
            if (collected1.Grouped.Count == 0 || collected2.Grouped.Count == 0) return;
            foreach (var (responseName, fields1, fields2) in Overlapping(collected1, collected2))
            {
                foreach (var field1 in fields1)
                {
                    foreach (var field2 in fields2)
                    {
                        if (FindConflict(parentFieldsAreMutuallyExclusive, responseName, field1, field2) is { } conflict) conflicts.Add(conflict);
                    }
                }
            }
        }

        private List<(string ResponseName, List<FieldDetails> Fields1, List<FieldDetails> Fields2)> Overlapping(
            CollectedFields collected1, CollectedFields collected2)
        {
            var byOther = collected1.Overlaps ??= new(ReferenceEqualityComparer.Instance);
            if (byOther.TryGetValue(collected2, out var cached)) return cached;
            var overlapping = new List<(string, List<FieldDetails>, List<FieldDetails>)>();
            foreach (var (responseName, fields1) in collected1.Grouped)
            {
                Spend(1);
                if (collected2.Grouped.TryGetValue(responseName, out var fields2)) overlapping.Add((responseName, fields1, fields2));
            }
            byOther[collected2] = overlapping;
            return overlapping;
        }

        // Whether two fields with the same response key conflict, including through their sub-fields.
        private Conflict? FindConflict(bool parentFieldsAreMutuallyExclusive, string responseName, FieldDetails field1, FieldDetails field2)
        {
            var node1 = field1.Node;
            var node2 = field2.Node;
            var def1 = field1.Definition;
            var def2 = field2.Definition;

            // Fields on two different object types can never both apply, so they may differ in name and
            // arguments. Interfaces and unions might overlap (now or after a schema change), so they may not.
            bool areMutuallyExclusive = parentFieldsAreMutuallyExclusive
                || (!ReferenceEquals(field1.ParentType, field2.ParentType) && field1.ParentType is ObjectType && field2.ParentType is ObjectType);
            Spend(2);

            if (field1.IsSimpleLeaf && field2.IsSimpleLeaf && Equals(def1?.Type, def2?.Type) && node1.Name.Value == node2.Name.Value)
            {
                return null;
            }

            if (!areMutuallyExclusive)
            {
                var info1 = InfoOf(field1);
                var info2 = InfoOf(field2);
                if (!info1.Comparisons.TryGetValue(info2, out var reason))
                {
                    string name1 = node1.Name.Value;
                    string name2 = node2.Name.Value;
                    reason = name1 != name2
                        ? $"\"{Abbreviate(name1)}\" and \"{Abbreviate(name2)}\" are different fields"
                        : SameArguments(info1.Arguments, info2.Arguments) ? null : "they have differing arguments";
                    info1.Comparisons[info2] = reason;
                }
                if (reason is not null) return new Conflict(responseName, reason, [node1], [node2]);
            }

            var type1 = def1?.Type;
            var type2 = def2?.Type;
            if (type1 is not null && type2 is not null && DoTypesConflict(type1, type2))
            {
                var info1 = InfoOf(field1);
                var info2 = InfoOf(field2);
                string type1String = info1.TypeString ??= type1.ToString() ?? "";
                string type2String = info2.TypeString ??= type2.ToString() ?? "";
                return new Conflict(responseName, $"they return conflicting types \"{type1String}\" and \"{type2String}\"", [node1], [node2]);
            }

            if (node1.SelectionSet is { } selectionSet1 && node2.SelectionSet is { } selectionSet2)
            {
                var conflicts = FindConflictsBetweenSubSelectionSets(areMutuallyExclusive,
                    InfoOf(field1).NamedType, selectionSet1, InfoOf(field2).NamedType, selectionSet2);
                return SubfieldConflicts(conflicts, responseName, node1, node2);
            }
            return null;
        }

        private static FieldInfo InfoOf(FieldDetails field)
            => field.Info ??= new FieldInfo(field.Definition?.Type.GetNamedType(), field.Node.Arguments.Count == 0 ? null : new ArgumentInfo(field.Node.Arguments));

        private bool SameArguments(ArgumentInfo? arguments1, ArgumentInfo? arguments2)
        {
            if (arguments1 is null) return arguments2 is null;
            if (arguments2 is null || arguments1.Nodes.Count != arguments2.Nodes.Count) return false;
            foreach (var argument1 in arguments1.Nodes)
            {
                Spend(1);
                if (!arguments2.Values.TryGetValue(argument1.Name.Value, out var value2)) return false;
                if (Stringify(argument1.Value) != Stringify(value2)) return false;
            }
            return true;
        }

        // A canonical text of a value: equal texts mean the same value as written (object fields in any
        // order; a block string differs from a quoted one, as in graphql-js).
        private string Stringify(ValueNode value)
        {
            if (_stringifiedValues.TryGetValue(value, out var cached)) return cached;
            var builder = new StringBuilder();
            Append(builder, value);
            string result = builder.ToString();
            _stringifiedValues[value] = result;
            return result;
        }

        private static void Append(StringBuilder builder, ValueNode value)
        {
            switch (value)
            {
                case VariableNode v: builder.Append('$').Append(v.Name.Value); break;
                case IntValueNode i: builder.Append("i:").Append(i.Value); break;
                case FloatValueNode f: builder.Append("f:").Append(f.Value); break;
                case StringValueNode s: builder.Append(s.Block ? "b:" : "s:").Append(ValueInspector.JsonQuote(s.Value)); break;
                case BooleanValueNode b: builder.Append(b.Value ? "true" : "false"); break;
                case NullValueNode: builder.Append("null"); break;
                case EnumValueNode e: builder.Append("e:").Append(e.Value); break;
                case ListValueNode l:
                    builder.Append('[');
                    for (int i = 0; i < l.Values.Count; i++)
                    {
                        if (i > 0) builder.Append(',');
                        Append(builder, l.Values[i]);
                    }
                    builder.Append(']');
                    break;
                case ObjectValueNode o:
                    builder.Append('{');
                    bool first = true;
                    // Stable sort by name (ordinal, like JavaScript's < on strings).
                    foreach (var field in o.Fields.OrderBy(f => f.Name.Value, StringComparer.Ordinal))
                    {
                        if (!first) builder.Append(',');
                        first = false;
                        builder.Append(field.Name.Value).Append(':');
                        Append(builder, field.Value);
                    }
                    builder.Append('}');
                    break;
            }
        }

        // Two types conflict if no value could be of both. Composite types are left to the comparison of their
        // sub-fields; list and non-null wrappers must match; leaf types must be the same type.
        private bool DoTypesConflict(GraphQLType type1, GraphQLType type2)
        {
            if (ReferenceEquals(type1, type2)) return false;
            Spend(1);
            if (type1 is ListType list1) return type2 is ListType list2 ? DoTypesConflict(list1.OfType, list2.OfType) : true;
            if (type2 is ListType) return true;
            if (type1 is NonNullType nonNull1) return type2 is NonNullType nonNull2 ? DoTypesConflict(nonNull1.OfType, nonNull2.OfType) : true;
            if (type2 is NonNullType) return true;
            if (type1.IsLeafType() || type2.IsLeafType()) return !ReferenceEquals(type1, type2);
            return false;
        }

        private CollectedFields CollectFields(NamedType? parentType, SelectionSetNode selectionSet)
        {
            if (_collected.TryGetValue((parentType, selectionSet), out var cached)) return cached;
            var grouped = new OrderedDictionary<string, List<FieldDetails>>(StringComparer.Ordinal);
            var fragmentNames = new List<string>();
            CollectFieldsInto(parentType, selectionSet, grouped, fragmentNames);
            var result = new CollectedFields(grouped, fragmentNames);
            _collected[(parentType, selectionSet)] = result;
            return result;
        }

        private CollectedFields CollectFragmentFields(FragmentDefinitionNode fragment)
            => CollectFields(ValueHelpers.TypeFromAst(context.Schema, fragment.TypeCondition) as NamedType, fragment.SelectionSet);

        private void CollectFieldsInto(NamedType? parentType, SelectionSetNode selectionSet,
            OrderedDictionary<string, List<FieldDetails>> grouped, List<string> fragmentNames)
        {
            foreach (var selection in selectionSet.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                        // Only fields declared by the type: __typename has no definition here, as in graphql-js.
                        var definition = parentType is ComplexType complex ? complex.GetField(field.Name.Value) : null;
                        string responseName = field.ResponseName;
                        if (!grouped.TryGetValue(responseName, out var list))
                        {
                            list = [];
                            grouped.Add(responseName, list);
                        }
                        list.Add(new FieldDetails(parentType, field, definition));
                        break;
                    case FragmentSpreadNode spread:
                        if (!fragmentNames.Contains(spread.Name.Value)) fragmentNames.Add(spread.Name.Value);
                        break;
                    case InlineFragmentNode inline:
                        var inlineType = inline.TypeCondition is null
                            ? parentType
                            : ValueHelpers.TypeFromAst(context.Schema, inline.TypeCondition) as NamedType;
                        CollectFieldsInto(inlineType, inline.SelectionSet, grouped, fragmentNames);
                        break;
                }
            }
        }

        // Folds the conflicts found between the sub-fields of two fields into one conflict of those fields.
        private static Conflict? SubfieldConflicts(List<Conflict> conflicts, string responseName, FieldNode node1, FieldNode node2)
        {
            if (conflicts.Count == 0) return null;
            var message = new StringBuilder();
            foreach (var conflict in conflicts)
            {
                if (message.Length > 0) message.Append(" and ");
                message.Append("subfields \"").Append(Abbreviate(conflict.ResponseName)).Append("\" conflict because ").Append(conflict.Reason);
                if (message.Length > MaxConflictDetailLength) break;
            }
            return new Conflict(responseName, Abbreviate(message.ToString()),
                ConflictNodes(node1, conflicts, first: true), ConflictNodes(node2, conflicts, first: false));
        }

        // The field itself, then the nodes of the sub-conflicts, at most MaxConflictNodes; when cut, the
        // deepest nodes of each sub-conflict are kept.
        private static List<FieldNode> ConflictNodes(FieldNode node, List<Conflict> conflicts, bool first)
        {
            var nodes = new List<FieldNode> { node };
            foreach (var conflict in conflicts)
            {
                var side = first ? conflict.Fields1 : conflict.Fields2;
                int remaining = MaxConflictNodes - nodes.Count;
                int skip = Math.Max(0, side.Count - remaining);
                for (int i = skip; i < side.Count; i++) nodes.Add(side[i]);
                if (nodes.Count == MaxConflictNodes) break;
            }
            return nodes;
        }
    }

    /// <summary>
    /// Pairs of fragment names already compared, in either order, with whether the comparison was under
    /// mutually exclusive parents: a non-exclusive comparison also answers for an exclusive one.
    /// </summary>
    private sealed class PairSet
    {
        private readonly Dictionary<string, Dictionary<string, bool>> _data = new(StringComparer.Ordinal);

        public bool Has(string a, string b, bool areMutuallyExclusive)
            => HasOrdered(a, b, areMutuallyExclusive) || HasOrdered(b, a, areMutuallyExclusive);

        private bool HasOrdered(string a, string b, bool areMutuallyExclusive)
        {
            if (!_data.TryGetValue(a, out var map) || !map.TryGetValue(b, out bool wasExclusive)) return false;
            return areMutuallyExclusive || !wasExclusive;
        }

        public void Add(string a, string b, bool areMutuallyExclusive)
        {
            if (!_data.TryGetValue(a, out var map))
            {
                map = new Dictionary<string, bool>(StringComparer.Ordinal);
                _data[a] = map;
            }
            map[b] = areMutuallyExclusive;
        }
    }

    /// <summary>Compares (type, selection set) keys by reference: the same selection set under another type is another collection.</summary>
    private sealed class ReferencePairComparer : IEqualityComparer<(NamedType?, SelectionSetNode)>
    {
        public static ReferencePairComparer Instance { get; } = new();

        public bool Equals((NamedType?, SelectionSetNode) x, (NamedType?, SelectionSetNode) y)
            => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((NamedType?, SelectionSetNode) obj)
            => HashCode.Combine(obj.Item1 is null ? 0 : RuntimeHelpers.GetHashCode(obj.Item1), RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
