using System.Globalization;
using OpenData.Import.Build;

namespace OpenData.Import.Mps;

/// <summary>
/// Turns the ward downloads into crime_figures rows, one per (download, ward, minor category, month).
/// <para>
/// Id: <c>mpsw-&lt;download's last month YYYYMM&gt;-&lt;ward code, lower case&gt;-&lt;month YYYYMM&gt;-&lt;minor category id&gt;</c>,
/// e.g. <c>mpsw-202411-e05009388-202312-mps-upper-case-burglary-burglary-residential</c>. Lower case keeps the id
/// within the package's id pattern; the fixed-width parts make the id order (download, ward, month, category).
/// </para>
/// <para>
/// Revisions: for each month the newest download (by last month) that covers it is current. A row of an older
/// download for that month is superseded; SupersededBy names the same ward, category and month in the current
/// download where that download has the ward and category (labels changed between schemes, so it may not).
/// </para>
/// </summary>
internal sealed class WardFigures
{
    public const string IdPrefix = "mpsw-";
    private const int CachedCounts = 4096;

    private readonly Prepared[] _downloads;
    private readonly Dictionary<int, Prepared> _currentByMonth = [];
    private readonly StoreTable _table;
    private readonly string _sourceId;

    private sealed class Group
    {
        public required string WardLower { get; init; }
        public required WardRow[] Rows { get; init; }
        public required string?[] LocatorPrefixes { get; init; }
    }

    private sealed class Prepared
    {
        public required WardExtract Extract { get; init; }
        /// <summary>"mpsw-202411-"</summary>
        public required string IdHead { get; init; }
        public required Group[] Groups { get; init; }
        /// <summary>Per month column: "-202312-", "202312", first and last day.</summary>
        public required string[] MonthParts { get; init; }
        public required string[] MonthTexts { get; init; }
        public required string[] Starts { get; init; }
        public required string[] Ends { get; init; }
        public required HashSet<(string Ward, string Category)> Keys { get; init; }
    }

    public WardFigures(IEnumerable<WardExtract> extracts, string sourceId, StoreTable table)
    {
        _table = table;
        _sourceId = sourceId;
        _downloads = extracts.OrderBy(e => e.LastMonth).Select(Prepare).ToArray();
        foreach (var download in _downloads)
        {
            // Ascending by last month, so the newest download covering a month is the last one written here.
            for (var m = 0; m < download.Extract.MonthCount; m++) _currentByMonth[download.Extract.FirstMonth + m] = download;
        }
        Count = _downloads.Sum(d => d.Extract.Cells);
    }

    public long Count { get; }

    public string SourceId => _sourceId;

    /// <summary>Months between the first and the last month of all downloads that no download covers.</summary>
    public IEnumerable<int> GapMonths()
    {
        if (_downloads.Length == 0) yield break;
        var first = _downloads.Min(d => d.Extract.FirstMonth);
        var last = _downloads.Max(d => d.Extract.LastMonth);
        for (var month = first; month <= last; month++)
        {
            if (!_currentByMonth.ContainsKey(month)) yield return month;
        }
    }

    private static Prepared Prepare(WardExtract extract)
    {
        var groups = extract.Rows
            .GroupBy(r => r.WardCode.ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var rows = g.OrderBy(r => r.CategoryId, CodePointOrder.Instance).ToArray();
                return new Group { WardLower = g.Key, Rows = rows, LocatorPrefixes = new string?[rows.Length] };
            })
            .ToArray();
        var months = Enumerable.Range(extract.FirstMonth, extract.MonthCount).ToArray();
        return new Prepared
        {
            Extract = extract,
            IdHead = $"{IdPrefix}{MonthColumns.Text(extract.LastMonth)}-",
            Groups = groups,
            MonthTexts = months.Select(MonthColumns.Text).ToArray(),
            MonthParts = months.Select(m => $"-{MonthColumns.Text(m)}-").ToArray(),
            Starts = months.Select(m => MonthColumns.First(m).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
            Ends = months.Select(m => MonthColumns.Last(m).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
            Keys = extract.Rows.Select(r => (r.WardCode, r.CategoryId)).ToHashSet(),
        };
    }

    public RowCursor Open() => new Cursor(this);

    private sealed class Cursor : RowCursor
    {
        private static readonly object One = 1L;
        private static readonly object Zero = 0L;
        private static readonly object[] Boxed = Enumerable.Range(0, CachedCounts).Select(i => (object)(double)i).ToArray();
        private static readonly string[] Printed = Enumerable.Range(0, CachedCounts).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

        private readonly WardFigures _owner;
        private readonly int _area, _category, _id, _current, _locator, _periodEnd, _periodStart, _published, _supersededBy, _value;
        private int _download, _group, _month, _row;

        public Cursor(WardFigures owner)
        {
            _owner = owner;
            var table = owner._table;
            Values = new object?[table.Columns.Length];
            _area = table.IndexOf("area_code");
            _category = table.IndexOf("category_id");
            _id = table.IndexOf("id");
            _current = table.IndexOf("is_current");
            _locator = table.IndexOf("locator");
            _periodEnd = table.IndexOf("period_end");
            _periodStart = table.IndexOf("period_start");
            _published = table.IndexOf("published_text");
            _supersededBy = table.IndexOf("superseded_by");
            _value = table.IndexOf("value");
            Values[table.IndexOf("measure")] = "count";
            Values[table.IndexOf("unit")] = "offences";
            Values[table.IndexOf("source_id")] = owner._sourceId;
        }

        public override bool MoveNext()
        {
            var downloads = _owner._downloads;
            while (_download < downloads.Length)
            {
                var download = downloads[_download];
                if (_group >= download.Groups.Length) { _download++; _group = 0; _month = 0; _row = 0; continue; }
                var group = download.Groups[_group];
                if (_month >= download.Extract.MonthCount) { _group++; _month = 0; _row = 0; continue; }
                if (_row >= group.Rows.Length) { _month++; _row = 0; continue; }
                Emit(download, group, _row, _month);
                _row++;
                return true;
            }
            return false;
        }

        private void Emit(Prepared download, Group group, int rowIndex, int m)
        {
            var row = group.Rows[rowIndex];
            var values = Values;
            var monthPart = download.MonthParts[m];
            Id = string.Concat(download.IdHead, group.WardLower, monthPart, row.CategoryId);
            values[_id] = Id;
            values[_area] = row.WardCode;
            values[_category] = row.CategoryId;
            values[_periodStart] = download.Starts[m];
            values[_periodEnd] = download.Ends[m];
            var count = row.Counts[m];
            values[_value] = count < CachedCounts ? Boxed[count] : (double)count;
            values[_published] = row.Texts?[m] ?? (count < CachedCounts ? Printed[count] : count.ToString(CultureInfo.InvariantCulture));
            var prefix = group.LocatorPrefixes[rowIndex] ??= $"{download.Extract.RelativePath}, line {row.Line}, column ";
            values[_locator] = string.Concat(prefix, download.MonthTexts[m]);

            var current = _owner._currentByMonth[download.Extract.FirstMonth + m];
            if (ReferenceEquals(current, download))
            {
                values[_current] = One;
                values[_supersededBy] = null;
            }
            else
            {
                values[_current] = Zero;
                values[_supersededBy] = current.Keys.Contains((row.WardCode, row.CategoryId))
                    ? string.Concat(current.IdHead, group.WardLower, monthPart, row.CategoryId)
                    : null;
            }
        }
    }
}
