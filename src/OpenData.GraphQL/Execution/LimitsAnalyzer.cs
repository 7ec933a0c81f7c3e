using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Execution;

/// <summary>Static measures of a document used by <see cref="GraphQLLimits"/>: aliases, depth and cost.</summary>
public static class LimitsAnalyzer
{
    /// <summary>Number of aliased fields anywhere in the document.</summary>
    public static int CountAliases(DocumentNode document)
    {
        int count = 0;
        var stack = new Stack<SelectionSetNode>();
        foreach (var def in document.Definitions)
        {
            if (def is ExecutableDefinitionNode e) stack.Push(e.SelectionSet);
        }
        while (stack.Count > 0)
        {
            foreach (var selection in stack.Pop().Selections)
            {
                switch (selection)
                {
                    case FieldNode f:
                        if (f.Alias is not null) count++;
                        if (f.SelectionSet is not null) stack.Push(f.SelectionSet);
                        break;
                    case InlineFragmentNode i:
                        stack.Push(i.SelectionSet);
                        break;
                }
            }
        }
        return count;
    }

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
    /// Estimated cost of an operation (see <see cref="GraphQLLimits.MaxCost"/>): the sum of field costs, where a
    /// list field multiplies its sub-selection's cost by its page size. A field with a
    /// <see cref="ListSize"/> that names <see cref="ListSize.SizedFields"/> (a connection) is not multiplied
    /// itself; its sized sub-fields (nodes, edges) are multiplied by its page size instead. Fragments on
    /// different types of an abstract field are all counted (an upper bound). Results are memoized per
    /// selection set, type and sizing, so even fragment-heavy documents are measured in linear time.
    /// </summary>
    public static double Cost(GraphQLSchema schema, OperationDefinitionNode operation, IReadOnlyDictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables, GraphQLLimits limits)
    {
        var memo = new Dictionary<(SelectionSetNode, NamedType, ListSize?, double), double>();
        var inProgress = new HashSet<(SelectionSetNode, NamedType, ListSize?, double)>();

        // sizing/size: the connection whose sized fields (nodes, edges) this selection set may contain.
        double SetCost(SelectionSetNode set, NamedType parentType, ListSize? sizing, double size)
        {
            var key = (set, parentType, sizing, size);
            if (memo.TryGetValue(key, out var cached)) return cached;
            if (!inProgress.Add(key)) return 0;
            double total = 0;
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case FieldNode field:
                    {
                        var name = field.Name.Value;
                        if (name.StartsWith("__", StringComparison.Ordinal)) break; // introspection is not counted
                        var definition = schema.GetFieldDefinition(parentType, name);
                        if (definition is null) break;
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
            inProgress.Remove(key);
            memo[key] = total;
            return total;
        }

        var root = schema.GetRootType(operation.Operation);
        return root is null ? 0 : SetCost(operation.SelectionSet, root, null, 0);
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
