using System.Text;

namespace OpenData.GraphQL.Language;

/// <summary>Block string helpers: the spec's BlockStringValue() dedent algorithm and the printer used for descriptions.</summary>
public static class BlockString
{
    /// <summary>
    /// Spec BlockStringValue(): removes the common indentation of all lines but the first, then leading and
    /// trailing blank lines.
    /// </summary>
    public static List<string> DedentLines(IReadOnlyList<string> lines)
    {
        int commonIndent = int.MaxValue;
        int firstNonEmptyLine = -1;
        int lastNonEmptyLine = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            int indent = LeadingWhitespace(line);
            if (indent == line.Length) continue; // blank line
            if (firstNonEmptyLine < 0) firstNonEmptyLine = i;
            lastNonEmptyLine = i;
            if (i != 0 && indent < commonIndent) commonIndent = indent;
        }
        var result = new List<string>();
        if (firstNonEmptyLine < 0) return result;
        for (int i = firstNonEmptyLine; i <= lastNonEmptyLine; i++)
        {
            var line = lines[i];
            if (i != 0 && commonIndent != int.MaxValue) line = line.Length >= commonIndent ? line.Substring(commonIndent) : "";
            result.Add(line);
        }
        return result;
    }

    /// <summary>Applies <see cref="DedentLines"/> to raw block string content.</summary>
    public static string Dedent(string raw)
    {
        var lines = raw.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        return string.Join('\n', DedentLines(lines));
    }

    private static int LeadingWhitespace(string s)
    {
        int i = 0;
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t')) i++;
        return i;
    }

    private static bool IsWhiteSpace(int c) => c == ' ' || c == '\t';

    /// <summary>Whether a string can be printed as a block string without changing its value (graphql-js isPrintableAsBlockString).</summary>
    public static bool IsPrintableAsBlockString(string value)
    {
        if (value.Length == 0) return true;
        bool isEmptyLine = true, hasIndent = false, hasCommonIndent = true, seenNonEmptyLine = false;
        foreach (char c in value)
        {
            switch (c)
            {
                case '\u0000': case '\u0001': case '\u0002': case '\u0003': case '\u0004': case '\u0005': case '\u0006':
                case '\u0007': case '\u0008': case '\u000B': case '\u000C': case '\u000E': case '\u000F':
                    return false; // non-printable
                case '\r':
                    return false; // would be read back as \n
                case '\n':
                    if (isEmptyLine && !seenNonEmptyLine) return false; // leading new line
                    seenNonEmptyLine = true;
                    isEmptyLine = true;
                    hasIndent = false;
                    break;
                case '\t':
                case ' ':
                    hasIndent |= isEmptyLine;
                    break;
                default:
                    hasCommonIndent &= hasIndent;
                    isEmptyLine = false;
                    break;
            }
        }
        if (isEmptyLine) return false; // trailing empty lines
        if (hasCommonIndent && seenNonEmptyLine) return false; // internal indent
        return true;
    }

    /// <summary>Prints a value as a block string the way graphql-js printBlockString does (used for descriptions in SDL).</summary>
    public static string Print(string value, bool minimize = false)
    {
        var escaped = value.Replace("\"\"\"", "\\\"\"\"");
        var lines = escaped.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        bool isSingleLine = lines.Length == 1;
        bool forceLeadingNewLine = lines.Length > 1;
        if (forceLeadingNewLine)
        {
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length != 0 && !IsWhiteSpace(lines[i][0])) { forceLeadingNewLine = false; break; }
            }
        }
        bool hasTrailingTripleQuotes = escaped.EndsWith("\\\"\"\"", StringComparison.Ordinal);
        bool hasTrailingQuote = value.EndsWith('"') && !hasTrailingTripleQuotes;
        bool hasTrailingSlash = value.EndsWith('\\');
        bool forceTrailingNewline = hasTrailingQuote || hasTrailingSlash;
        bool printAsMultipleLines = !minimize &&
            (!isSingleLine || value.Length > 70 || forceTrailingNewline || forceLeadingNewLine || hasTrailingTripleQuotes);
        var sb = new StringBuilder("\"\"\"");
        bool skipLeadingNewLine = isSingleLine && value.Length > 0 && IsWhiteSpace(value[0]);
        if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine) sb.Append('\n');
        sb.Append(escaped);
        if (printAsMultipleLines || forceTrailingNewline) sb.Append('\n');
        sb.Append("\"\"\"");
        return sb.ToString();
    }
}
