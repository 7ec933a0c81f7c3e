using System.Collections;
using System.Globalization;
using System.Text;

namespace OpenData.GraphQL;

/// <summary>"Did you mean ...?" helpers with graphql-js's lexical distance and ordering.</summary>
public static class Suggestions
{
    private const int MaxSuggestions = 5;

    /// <summary>Given ["A","B","C"] returns <c> Did you mean "A", "B", or "C"?</c> (empty string for no suggestions).</summary>
    public static string DidYouMean(IReadOnlyList<string> suggestions) => DidYouMean(null, suggestions);

    /// <summary>Same as <see cref="DidYouMean(IReadOnlyList{string})"/> with a sub message, e.g. "the enum value".</summary>
    public static string DidYouMean(string? subMessage, IReadOnlyList<string> suggestions)
    {
        if (suggestions.Count == 0) return "";
        var message = new StringBuilder(" Did you mean ");
        if (!string.IsNullOrEmpty(subMessage)) message.Append(subMessage).Append(' ');
        var quoted = suggestions.Select(s => "\"" + s + "\"").ToList();
        switch (quoted.Count)
        {
            case 1: return message.Append(quoted[0]).Append('?').ToString();
            case 2: return message.Append(quoted[0]).Append(" or ").Append(quoted[1]).Append('?').ToString();
        }
        var selected = quoted.Take(MaxSuggestions).ToList();
        var last = selected[^1];
        selected.RemoveAt(selected.Count - 1);
        return message.Append(string.Join(", ", selected)).Append(", or ").Append(last).Append('?').ToString();
    }

    /// <summary>Options similar to the input, best first (graphql-js suggestionList).</summary>
    public static List<string> SuggestionList(string input, IEnumerable<string> options)
    {
        var byDistance = new Dictionary<string, int>();
        var lexical = new LexicalDistance(input);
        int threshold = (int)Math.Floor(input.Length * 0.4) + 1;
        foreach (var option in options)
        {
            var distance = lexical.Measure(option, threshold);
            if (distance is int d) byDistance[option] = d;
        }
        var list = byDistance.Keys.ToList();
        list.Sort((a, b) =>
        {
            int diff = byDistance[a] - byDistance[b];
            return diff != 0 ? diff : NaturalCompare(a, b);
        });
        return list;
    }

    /// <summary>Natural sort order ("a2" before "a10").</summary>
    public static int NaturalCompare(string a, string b)
    {
        int ai = 0, bi = 0;
        while (ai < a.Length && bi < b.Length)
        {
            int ac = a[ai], bc = b[bi];
            if (IsDigit(ac) && IsDigit(bc))
            {
                long an = 0;
                do
                {
                    ++ai;
                    an = an * 10 + ac - '0';
                    ac = ai < a.Length ? a[ai] : -1;
                } while (IsDigit(ac) && an > 0);
                long bn = 0;
                do
                {
                    ++bi;
                    bn = bn * 10 + bc - '0';
                    bc = bi < b.Length ? b[bi] : -1;
                } while (IsDigit(bc) && bn > 0);
                if (an < bn) return -1;
                if (an > bn) return 1;
            }
            else
            {
                if (ac < bc) return -1;
                if (ac > bc) return 1;
                ++ai;
                ++bi;
            }
        }
        return a.Length - b.Length;
    }

    private static bool IsDigit(int c) => c >= '0' && c <= '9';

    private sealed class LexicalDistance
    {
        private readonly string _input;
        private readonly string _inputLower;
        private readonly int[][] _rows;

        public LexicalDistance(string input)
        {
            _input = input;
            _inputLower = input.ToLowerInvariant();
            _rows = [new int[input.Length + 1], new int[input.Length + 1], new int[input.Length + 1]];
        }

        public int? Measure(string option, int threshold)
        {
            if (_input == option) return 0;
            var optionLower = option.ToLowerInvariant();
            // Any case change counts as a single edit.
            if (_inputLower == optionLower) return 1;
            string a = optionLower, b = _inputLower;
            if (a.Length < b.Length) (a, b) = (b, a);
            int aLength = a.Length, bLength = b.Length;
            if (aLength - bLength > threshold) return null;
            var rows = _rows;
            for (int j = 0; j <= bLength; j++) rows[0][j] = j;
            for (int i = 1; i <= aLength; i++)
            {
                var upRow = rows[(i - 1) % 3];
                var currentRow = rows[i % 3];
                int smallestCell = currentRow[0] = i;
                for (int j = 1; j <= bLength; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    int currentCell = Math.Min(Math.Min(upRow[j] + 1, currentRow[j - 1] + 1), upRow[j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        currentCell = Math.Min(currentCell, rows[(i - 2) % 3][j - 2] + 1);
                    }
                    if (currentCell < smallestCell) smallestCell = currentCell;
                    currentRow[j] = currentCell;
                }
                // Early exit: the distance cannot get smaller than the smallest cell of this row.
                if (smallestCell > threshold) return null;
            }
            int distance = rows[aLength % 3][bLength];
            return distance <= threshold ? distance : null;
        }
    }
}

/// <summary>Formats CLR values for error messages the way graphql-js's inspect() formats JS values.</summary>
public static class ValueInspector
{
    /// <summary>Formats a value: strings JSON-quoted, lists as [a, b], dictionaries as { key: value }.</summary>
    public static string Inspect(object? value) => Format(value, 0);

    private static string Format(object? value, int depth)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return JsonQuote(s);
            case bool b: return b ? "true" : "false";
            case double d: return FormatDouble(d);
            case float f: return FormatDouble(f);
            case IFormattable f when value is int or long or short or byte or sbyte or uint or ulong or ushort or decimal:
                return f.ToString(null, CultureInfo.InvariantCulture);
            case System.Text.Json.JsonElement e: return e.GetRawText();
            case IDictionary dict:
            {
                if (dict.Count == 0) return "{}";
                if (depth > 2) return "[Object]";
                var parts = new List<string>();
                foreach (DictionaryEntry entry in dict) parts.Add(entry.Key + ": " + Format(entry.Value, depth + 1));
                return "{ " + string.Join(", ", parts) + " }";
            }
            case IEnumerable<KeyValuePair<string, object?>> pairs:
            {
                var list = pairs.ToList();
                if (list.Count == 0) return "{}";
                if (depth > 2) return "[Object]";
                return "{ " + string.Join(", ", list.Select(p => p.Key + ": " + Format(p.Value, depth + 1))) + " }";
            }
            case IEnumerable items:
            {
                var list = items.Cast<object?>().ToList();
                if (list.Count == 0) return "[]";
                if (depth > 2) return "[Array]";
                var parts = list.Take(10).Select(i => Format(i, depth + 1)).ToList();
                int remaining = list.Count - parts.Count;
                if (remaining == 1) parts.Add("... 1 more item");
                else if (remaining > 1) parts.Add($"... {remaining} more items");
                return "[" + string.Join(", ", parts) + "]";
            }
            default:
                return value.ToString() ?? "";
        }
    }

    /// <summary>Quotes a string like JSON.stringify (only quotes, backslashes and control characters are escaped).</summary>
    public static string JsonQuote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Formats a double as JavaScript's String(number) would (1 not 1.0, NaN, Infinity).</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        return d.ToString("R", CultureInfo.InvariantCulture);
    }
}
