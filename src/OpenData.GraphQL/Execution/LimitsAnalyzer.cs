using System.Runtime.CompilerServices;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Execution;

/// <summary>The outcome of <see cref="LimitsAnalyzer.EstimateCost"/>.</summary>
/// <param name="Cost">The estimated cost; when <paramref name="Stopped"/>, what was counted before stopping (a lower bound).</param>
/// <param name="Stopped">True when the analysis stopped early because it had already done more work than the limit allows.</param>
public readonly record struct CostEstimate(double Cost, bool Stopped);

/// <summary>
/// Static measures of an operation used by <see cref="GraphQLLimits"/>: aliases, depth and cost, all measured on the
/// operation as it will execute, that is with every fragment spread expanded where it is used (a fragment spread
/// eight times counts eight times). Expansion is never materialised: each fragment is measured once (per parent type
/// for cost) and its measure reused, so hostile documents whose expansion is exponential are measured in time
/// proportional to the document.
/// </summary>
public static class LimitsAnalyzer
{
    /// <summary>
    /// Number of aliased fields the operation executes with fragments expanded (each spread counts its fragment's
    /// aliases again), the largest over the document's operations. Unknown fragments count as empty; fragment cycles are
    /// cut (validation reports them). Saturates at <see cref="long.MaxValue"/>.
    /// </summary>
    public static long CountAliases(DocumentNode document)
    {
        var fragments = Fragments(document);
        long max = 0;
        foreach (var def in document.Definitions)
        {
            if (def is OperationDefinitionNode operation) max = Math.Max(max, CountAliases(operation, fragments));
        }
        return max;
    }

    /// <summary>Number of aliased fields <paramref name="operation"/> executes, fragments expanded (see <see cref="CountAliases(DocumentNode)"/>).</summary>
    public static long CountAliases(OperationDefinitionNode operation, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments)
    {
        var memo = new Dictionary<string, long>(StringComparer.Ordinal);
        var inProgress = new HashSet<string>(StringComparer.Ordinal);

        long SetAliases(SelectionSetNode set)
        {
            long count = 0;
            foreach (var selection in set.Selections)
            {
                long n = selection switch
                {
                    FieldNode f => (f.Alias is null ? 0 : 1) + (f.SelectionSet is null ? 0 : SetAliases(f.SelectionSet)),
                    InlineFragmentNode i => SetAliases(i.SelectionSet),
                    FragmentSpreadNode s => FragmentAliases(s.Name.Value),
                    _ => 0,
                };
                count = SaturatingAdd(count, n);
            }
            return count;
        }

        long FragmentAliases(string name)
        {
            if (memo.TryGetValue(name, out var n)) return n;
            if (!fragments.TryGetValue(name, out var fragment) || !inProgress.Add(name)) return 0;
            n = SetAliases(fragment.SelectionSet);
            inProgress.Remove(name);
            memo[name] = n;
            return n;
        }

        return SetAliases(operation.SelectionSet);
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>Fragment definitions by name (first one wins).</summary>
    public static Dictionary<string, FragmentDefinitionNode> Fragments(DocumentNode document)
    {
        var map = new Dictionary<string, FragmentDefinitionNode>(StringComparer.Ordinal);
        foreach (var def in document.Definitions)
        {
            if (def is FragmentDefinitionNode f) map.TryAdd(f.Name.Value, f);
        }
        return map;
    }

    /// <summary>
    /// Field nesting depth of an operation with fragments expanded (root fields have depth 1). Unknown
    /// fragments count as empty; fragment cycles are cut (validation reports them).
    /// </summary>
    public static int Depth(OperationDefinitionNode operation, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments)
    {
        var memo = new Dictionary<string, int>(StringComparer.Ordinal);
        var inProgress = new HashSet<string>(StringComparer.Ordinal);

        int SetDepth(SelectionSetNode set)
        {
            int max = 0;
            foreach (var selection in set.Selections)
            {
                int d = selection switch
                {
                    FieldNode f => 1 + (f.SelectionSet is null ? 0 : SetDepth(f.SelectionSet)),
                    InlineFragmentNode i => SetDepth(i.SelectionSet),
                    FragmentSpreadNode s => FragmentDepth(s.Name.Value),
                    _ => 0,
                };
                if (d > max) max = d;
            }
            return max;
        }

        int FragmentDepth(string name)
        {
            if (memo.TryGetValue(name, out var d)) return d;
            if (!fragments.TryGetValue(name, out var fragment) || !inProgress.Add(name)) return 0;
            d = SetDepth(fragment.SelectionSet);
            inProgress.Remove(name);
            memo[name] = d;
            return d;
        }

        return SetDepth(operation.SelectionSet);
    }

    /// <summary>
    /// Estimated cost of an operation (see <see cref="GraphQLLimits.MaxCost"/>) with fragments expanded: the sum of
    /// field costs, where a list field multiplies its sub-selection's cost by its page size. A field with a
    /// <see cref="ListSize"/> that names <see cref="ListSize.SizedFields"/> (a connection) is not multiplied itself;
    /// its sized sub-fields (nodes, edges) are multiplied by its page size instead. Fragments on different types of
    /// an abstract field are all counted (an upper bound).
    /// <para>
    /// Introspection is counted like any field. Its answers come from the schema, which is at hand, so under
    /// <c>__schema</c> and <c>__type</c> the cost is counted over the schema itself: <c>types</c> costs its
    /// selection once per type of the schema, <c>fields</c> once per field of that type, and so on. The standard
    /// introspection query therefore costs about the number of values in its answer, and a document that asks for
    /// the schema many times over costs that many times.
    /// </para>
    /// <para>
    /// Measures are memoised per selection set and parent type (per schema element under introspection), and the
    /// analysis counts its own work: when it has done more steps than <paramref name="workLimit"/> (default: twice
    /// <see cref="GraphQLLimits.MaxCost"/> plus 10 000, or 10 million without a cost limit) it stops and reports
    /// <see cref="CostEstimate.Stopped"/>, so measuring a hostile document is bounded too.
    /// </para>
    /// </summary>
    public static CostEstimate EstimateCost(GraphQLSchema schema, OperationDefinitionNode operation, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables, GraphQLLimits limits, long? workLimit = null)
    {
        var analysis = new CostAnalysis(schema, fragments, variables, limits,
            workLimit ?? (limits.MaxCost is long max ? SaturatingAdd(SaturatingAdd(max, max), 10_000) : 10_000_000));
        var root = schema.GetRootType(operation.Operation);
        if (root is null) return new CostEstimate(0, false);
        try
        {
            return new CostEstimate(analysis.SetCost(operation.SelectionSet, root, null, 0), false);
        }
        catch (WorkLimitReachedException)
        {
            return new CostEstimate(Math.Max(analysis.Counted, limits.MaxCost is long m ? m + 1 : 0), true);
        }
    }

    private sealed class WorkLimitReachedException : Exception;

    private sealed class CostAnalysis(GraphQLSchema schema, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables, GraphQLLimits limits, long workLimit)
    {
        private readonly Dictionary<(SelectionSetNode, NamedType, ListSize?, double), double> _memo = new();
        private readonly HashSet<(SelectionSetNode, NamedType, ListSize?, double)> _inProgress = new();
        private readonly Dictionary<(SelectionSetNode, object), double> _introspectionMemo = new(ReferencePairComparer.Instance);
        private readonly HashSet<(SelectionSetNode, object)> _introspectionInProgress = new(ReferencePairComparer.Instance);
        private long _work;

        /// <summary>Cost counted so far (field costs, without list multiplication): a rough lower bound when stopped.</summary>
        public double Counted { get; private set; }

        private void Step()
        {
            if (++_work > workLimit) throw new WorkLimitReachedException();
        }

        // sizing/size: the connection whose sized fields (nodes, edges) this selection set may contain.
        public double SetCost(SelectionSetNode set, NamedType parentType, ListSize? sizing, double size)
        {
            var key = (set, parentType, sizing, size);
            if (_memo.TryGetValue(key, out var cached)) return cached;
            if (!_inProgress.Add(key)) return 0;
            double total = 0;
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                    {
                        Step();
                        var name = field.Name.Value;
                        var definition = schema.GetFieldDefinition(parentType, name);
                        if (definition is null) break;
                        Counted += definition.Cost;
                        if (ReferenceEquals(definition, Introspection.SchemaMetaField))
                        {
                            total += definition.Cost + (field.SelectionSet is null ? 0 : IntrospectionCost(field.SelectionSet, Introspection.SchemaType, schema));
                            break;
                        }
                        if (ReferenceEquals(definition, Introspection.TypeMetaField))
                        {
                            total += definition.Cost + (field.SelectionSet is not null && RequestedType(field) is { } requested
                                ? IntrospectionCost(field.SelectionSet, Introspection.TypeType, requested)
                                : 0);
                            break;
                        }
                        var listSize = definition.ListSize;
                        bool isConnection = listSize is { SizedFields.Count: > 0 };
                        double childCost = 0;
                        if (field.SelectionSet is not null && definition.Type.GetNamedType() is var named && named is ICompositeType)
                        {
                            childCost = isConnection
                                ? SetCost(field.SelectionSet, named, listSize, PageSize(field, listSize, limits, variables))
                                : SetCost(field.SelectionSet, named, null, 0);
                        }
                        if (sizing is not null && sizing.SizedFields.Contains(name)) childCost *= size;
                        else if (!isConnection && definition.Type.IsListType()) childCost *= PageSize(field, listSize, limits, variables);
                        total += definition.Cost + childCost;
                        break;
                    }
                    case InlineFragmentNode inline:
                    {
                        var type = inline.TypeCondition is null ? parentType : schema.GetType(inline.TypeCondition.Name.Value);
                        if (type is not null) total += SetCost(inline.SelectionSet, type, sizing, size);
                        break;
                    }
                    case FragmentSpreadNode spread:
                    {
                        if (fragments.TryGetValue(spread.Name.Value, out var fragment) && schema.GetType(fragment.TypeCondition.Name.Value) is { } type)
                        {
                            total += SetCost(fragment.SelectionSet, type, sizing, size);
                        }
                        break;
                    }
                }
            }
            _inProgress.Remove(key);
            _memo[key] = total;
            return total;
        }

        /// <summary>The type __type(name:) asks for, or null (the answer is null) when none by that name.</summary>
        private NamedType? RequestedType(FieldNode field)
        {
            foreach (var argument in field.Arguments)
            {
                if (argument.Name.Value != "name") continue;
                var name = argument.Value switch
                {
                    StringValueNode s => s.Value,
                    VariableNode v => variables.GetValueOrDefault(v.Name.Value) as string,
                    _ => null,
                };
                return name is null ? null : schema.GetType(name);
            }
            return null;
        }

        /// <summary>
        /// Cost of an introspection selection on one schema element (<paramref name="source"/>: the schema, a type, a
        /// field, an input value, an enum value or a directive): each field costs its cost, and an object field adds
        /// its selection's cost once per element the answer holds (every type for __Schema.types, every field of this
        /// type for __Type.fields, and so on). Deprecated elements are always counted (an upper bound for
        /// includeDeprecated: false).
        /// </summary>
        private double IntrospectionCost(SelectionSetNode set, ObjectType type, object source)
        {
            var key = (set, source);
            if (_introspectionMemo.TryGetValue(key, out var cached)) return cached;
            if (!_introspectionInProgress.Add(key)) return 0;
            double total = 0;
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                    {
                        Step();
                        var definition = schema.GetFieldDefinition(type, field.Name.Value);
                        if (definition is null) break;
                        Counted += definition.Cost;
                        total += definition.Cost;
                        if (field.SelectionSet is null || definition.Type.GetNamedType() is not ObjectType childType) break;
                        foreach (var child in IntrospectionValues(source, field.Name.Value))
                        {
                            Step();
                            total += IntrospectionCost(field.SelectionSet, childType, child);
                        }
                        break;
                    }
                    case InlineFragmentNode inline:
                        if (inline.TypeCondition is null || inline.TypeCondition.Name.Value == type.Name) total += IntrospectionCost(inline.SelectionSet, type, source);
                        break;
                    case FragmentSpreadNode spread:
                        if (fragments.TryGetValue(spread.Name.Value, out var fragment) && fragment.TypeCondition.Name.Value == type.Name)
                        {
                            total += IntrospectionCost(fragment.SelectionSet, type, source);
                        }
                        break;
                }
            }
            _introspectionInProgress.Remove(key);
            _introspectionMemo[key] = total;
            return total;
        }

        /// <summary>The schema elements an introspection object field returns (as in <see cref="Introspection"/>'s resolvers).</summary>
        private IEnumerable<object> IntrospectionValues(object source, string field) => (source, field) switch
        {
            (GraphQLSchema s, "types") => s.Types.Values,
            (GraphQLSchema s, "queryType") => [s.QueryType],
            (GraphQLSchema { MutationType: { } m }, "mutationType") => [m],
            (GraphQLSchema { SubscriptionType: { } t }, "subscriptionType") => [t],
            (GraphQLSchema s, "directives") => s.Directives,
            (ComplexType c, "fields") => c.FieldList,
            (ComplexType c, "interfaces") => c.Interfaces,
            (IAbstractType a, "possibleTypes") => schema.GetPossibleTypes(a),
            (EnumType e, "enumValues") => e.Values,
            (InputObjectType i, "inputFields") => i.FieldList,
            (ListType l, "ofType") => [l.OfType],
            (NonNullType n, "ofType") => [n.OfType],
            (FieldDefinition f, "args") => f.Arguments,
            (FieldDefinition f, "type") => [f.Type],
            (InputValueDefinition v, "type") => [v.Type],
            (DirectiveDefinition d, "args") => d.Arguments,
            _ => [],
        };
    }

    private sealed class ReferencePairComparer : IEqualityComparer<(SelectionSetNode, object)>
    {
        public static readonly ReferencePairComparer Instance = new();

        public bool Equals((SelectionSetNode, object) x, (SelectionSetNode, object) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((SelectionSetNode, object) obj) => HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Item1), RuntimeHelpers.GetHashCode(obj.Item2));
    }

    private static double PageSize(FieldNode field, ListSize? listSize, GraphQLLimits limits, IReadOnlyDictionary<string, object?> variables)
    {
        var slicingArguments = listSize?.SlicingArguments ?? limits.PageSizeArguments;
        foreach (var argument in field.Arguments)
        {
            if (!slicingArguments.Contains(argument.Name.Value)) continue;
            object? value = argument.Value switch
            {
                IntValueNode i => ValueHelpers.ValueFromAstUntyped(i),
                // A list argument sizes by its length (e.g. nodes(ids: [...]) returns one item per id).
                ListValueNode list => list.Values.Count,
                VariableNode v => variables.GetValueOrDefault(v.Name.Value),
                _ => null,
            };
            if (value is System.Collections.ICollection collection) return collection.Count;
            if (ScalarType.TryGetNumber(value, out var n) && n >= 0) return n;
        }
        return listSize?.AssumedSize ?? limits.DefaultListSize;
    }
}
