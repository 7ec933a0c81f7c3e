using System.Text;

namespace OpenData.Import.Validation;

/// <summary>
/// One problem found in seed-data/. Printed as <c>file:line:column (field): message</c>, e.g.
/// <c>seed-data/targets.csv:12:7 (outcome_change_percent): expected a number, found "8.8%"</c>.
/// Lines and columns are 1-based; for CSV files the column is the field number.
/// </summary>
public sealed record ImportError(string File, int? Line, int? Column, string? Field, string Message)
{
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (Line is { } line)
        {
            text.Append(':').Append(line);
            if (Column is { } column) text.Append(':').Append(column);
        }
        if (Field is not null) text.Append(" (").Append(Field).Append(')');
        return text.Append(": ").Append(Message).ToString();
    }

    /// <summary>A value as it appears in a message: quoted, control characters escaped, long values cut.</summary>
    public static string Quote(string value)
    {
        const int max = 80;
        var text = new StringBuilder(Math.Min(value.Length, max) + 8).Append('"');
        for (var i = 0; i < value.Length && i < max; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) text.Append("\\u").Append(((int)c).ToString("x4"));
                    else text.Append(c);
                    break;
            }
        }
        if (value.Length > max) text.Append('…');
        return text.Append('"').ToString();
    }
}

/// <summary>
/// Collects every error of a run. Keeps the first <see cref="Cap"/> and counts the rest, so a file with a
/// systematic defect (say a shifted column on every row) reports quickly without flooding the console.
/// </summary>
public sealed class ErrorList
{
    public const int DefaultCap = 100;
    private readonly List<ImportError> _kept = [];

    public ErrorList(int cap = DefaultCap) => Cap = cap;

    public int Cap { get; }

    /// <summary>Every error found, including those beyond the cap.</summary>
    public int Total { get; private set; }

    public bool Any => Total > 0;

    public IReadOnlyList<ImportError> Kept => _kept;

    public void Add(ImportError error)
    {
        Total++;
        if (_kept.Count < Cap) _kept.Add(error);
    }

    public void Add(string file, int? line, int? column, string? field, string message) =>
        Add(new ImportError(file, line, column, field, message));

    /// <summary>Stable sort of the kept errors.</summary>
    internal void Sort(Comparison<ImportError> comparison)
    {
        var sorted = _kept.Select((e, i) => (e, i)).OrderBy(p => p.e, Comparer<ImportError>.Create(comparison)).ThenBy(p => p.i).Select(p => p.e).ToList();
        _kept.Clear();
        _kept.AddRange(sorted);
    }
}
