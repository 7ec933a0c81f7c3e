using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Validation;

/// <summary>
/// Spec 5.3.1 Field Selections: every selected field must be defined on the type it is selected on (or be
/// the meta field __typename, and __schema / __type on the query type) (graphql-js FieldsOnCorrectTypeRule).
/// </summary>
/// <remarks>
/// On an interface or union the message suggests inline fragments on the types that do have the field (most
/// widely shared first); otherwise it suggests similarly spelled field names.
/// </remarks>
public sealed class FieldSelectionsRule : IValidationRule
{
    /// <inheritdoc />
    public NodeVisitor CreateVisitor(ValidationContext context) => new Visitor(context);

    private sealed class Visitor(ValidationContext context) : NodeVisitor
    {
        public override VisitAction Enter(Node node)
        {
            if (node is not FieldNode field || context.ParentType is not { } parentType || context.FieldDef is not null)
            {
                return VisitAction.Continue;
            }

            string fieldName = field.Name.Value;
            string suggestion = Suggestions.DidYouMean("to use an inline fragment on", SuggestedTypeNames(context.Schema, parentType, fieldName));
            if (suggestion.Length == 0)
            {
                // No type has the field: perhaps a typo.
                suggestion = Suggestions.DidYouMean(SuggestedFieldNames(parentType, fieldName));
            }
            context.ReportError($"Cannot query field \"{fieldName}\" on type \"{parentType.Name}\"." + suggestion, field);
            return VisitAction.Continue;
        }

        // The possible types of an abstract type, and the interfaces they implement, that define the field;
        // those that more of them share come first, then super types before sub types, then by name.
        private static List<string> SuggestedTypeNames(GraphQLSchema schema, NamedType type, string fieldName)
        {
            if (type is not IAbstractType abstractType) return [];

            var suggestedTypes = new List<ComplexType>();
            var usageCount = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var possibleType in schema.GetPossibleTypes(abstractType))
            {
                if (possibleType.GetField(fieldName) is null) continue;
                if (!usageCount.ContainsKey(possibleType.Name)) suggestedTypes.Add(possibleType);
                usageCount[possibleType.Name] = 1;
                foreach (var possibleInterface in possibleType.Interfaces)
                {
                    if (possibleInterface.GetField(fieldName) is null) continue;
                    if (!usageCount.TryGetValue(possibleInterface.Name, out int count))
                    {
                        suggestedTypes.Add(possibleInterface);
                    }
                    usageCount[possibleInterface.Name] = count + 1;
                }
            }

            JavaScriptSort(suggestedTypes, (a, b) =>
            {
                int diff = usageCount[b.Name] - usageCount[a.Name];
                if (diff != 0) return diff;
                if (a is InterfaceType ia && schema.IsSubType(ia, b)) return -1;
                if (b is InterfaceType ib && schema.IsSubType(ib, a)) return 1;
                return Suggestions.NaturalCompare(a.Name, b.Name);
            });
            return suggestedTypes.Select(t => t.Name).ToList();
        }

        // The comparison above is not a total order (sub types before super types, names otherwise, can form a
        // cycle), so the result depends on the algorithm. To suggest the same types in the same order as
        // graphql-js, this is the algorithm V8 uses for short arrays (TimSort with one run: the leading
        // ascending or strictly descending run, extended by binary insertion); longer lists, which no real
        // schema produces here, use a stable merge sort.
        private static void JavaScriptSort<T>(List<T> items, Comparison<T> compare)
        {
            int n = items.Count;
            if (n < 2) return;
            if (n >= 64)
            {
                var sorted = items.Select((item, index) => (item, index))
                    .OrderBy(x => x, Comparer<(T Item, int Index)>.Create((x, y) => compare(x.Item, y.Item) is var c && c != 0 ? c : x.Index - y.Index))
                    .Select(x => x.item)
                    .ToList();
                items.Clear();
                items.AddRange(sorted);
                return;
            }

            int runLength = 2;
            bool descending = compare(items[1], items[0]) < 0;
            var previous = items[1];
            for (int i = 2; i < n; i++)
            {
                int order = compare(items[i], previous);
                if (descending ? order >= 0 : order < 0) break;
                previous = items[i];
                runLength++;
            }
            if (descending) items.Reverse(0, runLength);

            for (int start = runLength; start < n; start++)
            {
                var pivot = items[start];
                int left = 0;
                int right = start;
                while (left < right)
                {
                    int mid = left + ((right - left) >> 1);
                    if (compare(pivot, items[mid]) < 0) right = mid;
                    else left = mid + 1;
                }
                for (int p = start; p > left; p--) items[p] = items[p - 1];
                items[left] = pivot;
            }
        }

        private static List<string> SuggestedFieldNames(NamedType type, string fieldName)
            => type is ComplexType complex ? Suggestions.SuggestionList(fieldName, complex.Fields.Keys) : [];
    }
}
