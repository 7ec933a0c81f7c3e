using System.Globalization;
using OpenData.Import.Build;

namespace OpenData.Import.Mps;

/// <summary>One download as the store's downloads table holds it, with what the count writer needs.</summary>
internal sealed class DownloadFile
{
    public required int Id { get; init; }
    public required string File { get; init; }
    public required int Family { get; init; }
    public required string SourceId { get; init; }
    /// <summary>Month indexes (year * 12 + month - 1), as <see cref="MonthColumns"/> counts them.</summary>
    public required int FirstMonth { get; init; }
    public required int LastMonth { get; init; }
    public required string? WardSet { get; init; }
    public required string Scheme { get; init; }
    public required int Rows { get; init; }
    public required long Counts { get; init; }
    public required long Total { get; init; }
    public required string Sha256 { get; init; }
    /// <summary>Sum of the counts per month, first month first.</summary>
    public required long[] MonthlyTotals { get; init; }
    public WardExtract? Ward { get; init; }
    public List<BoroughFigure>? Borough { get; init; }
}

/// <summary>
/// Every MPS download of the package, ward and borough files alike, and what is derived from them as a whole: which
/// download is current for each month (the newest of its family covering it), the months no ward download covers
/// (recorded gaps), and the crime_counts rows.
/// <para>
/// A count's id is stable across releases: download id * 10^7 + line * 100 + month column, where the download id is
/// its last month YYYYMM * 10 + family (0 ward, 1 borough). So a file gives the same ids whatever else is imported,
/// and the id says where the count is printed (file, line, column) without storing a locator.
/// </para>
/// </summary>
internal sealed class CountDownloads
{
    public const int WardFamily = OpenData.Store.Download.WardFamily;
    public const int BoroughFamily = OpenData.Store.Download.BoroughFamily;
    /// <summary>Lines a download may have: the line is two to five digits of the count's id.</summary>
    public const int MaxLines = 99_999;

    private readonly Dictionary<(int Family, int Month), DownloadFile> _current = [];

    public CountDownloads(IEnumerable<(string SourceId, List<WardExtract> Downloads)> wardSeries, IEnumerable<(string SourceId, string File, string Sha256, List<BoroughFigure> Figures)> boroughFiles)
    {
        var files = new List<DownloadFile>();
        foreach (var (sourceId, downloads) in wardSeries)
        {
            foreach (var extract in downloads)
            {
                var monthly = extract.MonthlyTotals;
                var total = monthly.Sum();
                files.Add(new DownloadFile
                {
                    Id = IdOf(extract.LastMonth, WardFamily),
                    File = extract.RelativePath,
                    Family = WardFamily,
                    SourceId = sourceId,
                    FirstMonth = extract.FirstMonth,
                    LastMonth = extract.LastMonth,
                    WardSet = extract.WardSet,
                    Scheme = extract.Scheme,
                    Rows = extract.RowCount,
                    Counts = extract.Cells,
                    Total = total,
                    Sha256 = extract.Sha256,
                    MonthlyTotals = monthly,
                    Ward = extract,
                });
            }
        }
        foreach (var (sourceId, file, sha, figures) in boroughFiles)
        {
            if (figures.Count == 0) continue;
            var first = figures.Min(f => f.Month);
            var monthly = new long[figures.Max(f => f.Month) - first + 1];
            foreach (var figure in figures) monthly[figure.Month - first] += figure.Count;
            files.Add(new DownloadFile
            {
                Id = IdOf(figures.Max(f => f.Month), BoroughFamily),
                File = file,
                Family = BoroughFamily,
                SourceId = sourceId,
                FirstMonth = figures.Min(f => f.Month),
                LastMonth = figures.Max(f => f.Month),
                WardSet = null,
                Scheme = BoroughExtract.Scheme,
                Rows = figures.Count,
                Counts = figures.Count,
                Total = figures.Sum(f => f.Count),
                Sha256 = sha,
                MonthlyTotals = monthly,
                Borough = figures,
            });
        }
        Files = files.OrderBy(f => f.Id).ToList();
        // Ascending by id (last month within a family), so the newest download covering a month is written last.
        foreach (var file in Files)
        {
            for (var month = file.FirstMonth; month <= file.LastMonth; month++) _current[(file.Family, month)] = file;
        }
        Count = Files.Sum(f => f.Counts);
    }

    /// <summary>In id order.</summary>
    public IReadOnlyList<DownloadFile> Files { get; }

    public long Count { get; }

    /// <summary>Download id of a download whose last month (a month index) is <paramref name="lastMonth"/>.</summary>
    public static int IdOf(int lastMonth, int family) => (lastMonth / 12 * 100 + lastMonth % 12 + 1) * 10 + family;

    /// <summary>YYYYMM of a month index.</summary>
    public static int Yyyymm(int month) => month / 12 * 100 + month % 12 + 1;

    /// <summary>SHA-256 (hex, lower case) of a download's bytes with CRLF read as LF: the same file saved with other
    /// line endings is the same download (its counts and lines are), so it must not make a new release.</summary>
    public static string Sha256(byte[] bytes)
    {
        var normalised = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\r' && i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n') continue;
            normalised.Add(bytes[i]);
        }
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(normalised.ToArray()));
    }

    public static long CountId(int downloadId, int line, int column) => downloadId * 10_000_000L + line * 100L + column;

    public bool IsCurrent(DownloadFile file, int month) => ReferenceEquals(_current[(file.Family, month)], file);

    /// <summary>Per ward source: months between its first and last month that none of its downloads covers.</summary>
    public IEnumerable<(string SourceId, int Month)> GapMonths()
    {
        foreach (var source in Files.Where(f => f.Family == WardFamily).GroupBy(f => f.SourceId))
        {
            var first = source.Min(f => f.FirstMonth);
            var last = source.Max(f => f.LastMonth);
            for (var month = first; month <= last; month++)
            {
                if (!source.Any(f => f.FirstMonth <= month && month <= f.LastMonth)) yield return (source.Key, month);
            }
        }
    }

    /// <summary>The downloads table's rows, in id order, for the generic writer (so the content hash and the release
    /// diff see a download added, removed or replaced, by its file's SHA-256).</summary>
    public List<StoredRow> DownloadRows(StoreTable table)
    {
        var rows = new List<StoredRow>();
        foreach (var file in Files)
        {
            var values = new object?[table.Columns.Length];
            values[table.IndexOf("id")] = (long)file.Id;
            values[table.IndexOf("file")] = file.File;
            values[table.IndexOf("family")] = (long)file.Family;
            values[table.IndexOf("source_id")] = file.SourceId;
            values[table.IndexOf("first_month")] = (long)Yyyymm(file.FirstMonth);
            values[table.IndexOf("last_month")] = (long)Yyyymm(file.LastMonth);
            values[table.IndexOf("ward_set")] = file.WardSet;
            values[table.IndexOf("scheme")] = file.Scheme;
            values[table.IndexOf("rows")] = (long)file.Rows;
            values[table.IndexOf("counts")] = file.Counts;
            values[table.IndexOf("total")] = file.Total;
            values[table.IndexOf("sha256")] = file.Sha256;
            values[table.IndexOf("monthly_totals")] = "[" + string.Join(",", file.MonthlyTotals.Select(t => t.ToString(CultureInfo.InvariantCulture))) + "]";
            rows.Add(new StoredRow(StoreRows.RowId(table, values), values));
        }
        return rows;
    }

    /// <summary>
    /// Writes every count into crime_counts, download by download, with prepared multi-row inserts bound without
    /// boxing: id, download, area, unit, category, month, count, current. Area and category numbers come from the
    /// areas and offence_categories rows (their position in key order).
    /// </summary>
    /// <param name="policeUkOf">Category number to the number of the police.uk category it maps to (unmapped: absent).</param>
    /// <param name="allCrime">Number of police-uk-all-crime, under which count_totals sums every category; null when absent.</param>
    /// <param name="boroughOf">Ward number to its borough's number, for borough_totals.</param>
    public void Write(Microsoft.Data.Sqlite.SqliteConnection connection, IReadOnlyDictionary<string, int> areaNumbers, IReadOnlyDictionary<string, int> categoryNumbers,
        IReadOnlyDictionary<int, int> policeUkOf, int? allCrime, IReadOnlyDictionary<int, int> boroughOf, Action<string>? progress, CancellationToken cancellationToken)
    {
        // borough_totals, summed on the way like count_totals: a borough's own counts (borough files), and its wards'
        // for the months it has none of its own, as a borough's series counts them. A ward's rows filed under the
        // aviation unit are the ward's, so its borough's. Own months are known before writing: the borough files'.
        var ownMonths = Files.Where(f => f.Borough is not null && f.Family == BoroughFamily)
            .SelectMany(f => f.Borough!.Where(b => IsCurrent(f, b.Month)).Select(b => (areaNumbers[b.AreaCode], Yyyymm(b.Month))))
            .ToHashSet();
        var boroughTotals = new Dictionary<long, (long Value, int Figures)>();
        using var boroughInsert = new PreparedInsert(connection, "borough_totals", ["police_uk", "month", "borough", "value", "figures"]);
        // count_totals, summed on the way: (police.uk number, month, area) packed into one long, to the sum and count.
        // A month's current counts of an area all come from one download (the current one of its family), so the
        // totals are complete when that download is written: written and dropped download by download, which keeps
        // the memory to one download's totals whatever the number of downloads.
        var totals = new Dictionary<long, (long Value, int Figures)>();
        using var totalsInsert = new PreparedInsert(connection, "count_totals", ["police_uk", "month", "area", "value", "figures"]);
        void Total(int policeUk, int month, int area, int count)
        {
            if (area > 0xFFFF) throw new InvalidOperationException($"count_totals packs area numbers into 16 bits; {area} areas are too many");
            Sum(totals, ((long)policeUk << 40) | ((long)month << 16) | (uint)area, count);
            var borough = boroughOf.TryGetValue(area, out var parent) ? (ownMonths.Contains((parent, month)) ? 0 : parent)
                : ownMonths.Contains((area, month)) ? area : 0;
            if (borough > 0) Sum(boroughTotals, ((long)policeUk << 40) | ((long)month << 16) | (uint)borough, count);
        }
        static void Sum(Dictionary<long, (long Value, int Figures)> sums, long key, int count)
        {
            ref var total = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
            total.Value += count;
            total.Figures++;
        }

        const int rowsPerStatement = 64;
        string[] columns = ["id", "download_id", "area", "unit", "category", "month", "count", "is_current"];
        using var many = new PreparedInsert(connection, "crime_counts", columns, rowsPerStatement);
        var buffer = new long[rowsPerStatement * columns.Length];
        var pending = 0;
        var statements = 0L;

        void Add(long id, int download, int area, int unit, int category, int month, int count, bool current)
        {
            var offset = pending * columns.Length;
            buffer[offset] = id;
            buffer[offset + 1] = download;
            buffer[offset + 2] = area;
            buffer[offset + 3] = unit;
            buffer[offset + 4] = category;
            buffer[offset + 5] = month;
            buffer[offset + 6] = count;
            buffer[offset + 7] = current ? 1 : 0;
            if (current)
            {
                if (policeUkOf.TryGetValue(category, out var policeUk)) Total(policeUk, month, area, count);
                if (allCrime is { } all) Total(all, month, area, count);
            }
            if (++pending < rowsPerStatement) return;
            for (var i = 0; i < buffer.Length; i++) many.BindInt64(i, buffer[i]);
            many.Run();
            pending = 0;
            if (++statements % 2048 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (statements % 16384 == 0) progress?.Invoke($"wrote {statements * rowsPerStatement:N0} monthly counts");
            }
        }

        foreach (var file in Files)
        {
            var months = Enumerable.Range(file.FirstMonth, file.LastMonth - file.FirstMonth + 1).ToArray();
            var yyyymm = months.Select(Yyyymm).ToArray();
            var current = months.Select(m => IsCurrent(file, m)).ToArray();
            if (file.Ward is { } ward)
            {
                foreach (var row in ward.TakeRows())
                {
                    var area = areaNumbers[row.WardCode];
                    var unit = areaNumbers[row.UnitCode];
                    var category = categoryNumbers[row.CategoryId];
                    for (var m = 0; m < row.Counts.Length; m++)
                    {
                        Add(CountId(file.Id, row.Line, m), file.Id, area, unit, category, yyyymm[m], row.Counts[m], current[m]);
                    }
                }
            }
            else
            {
                foreach (var figure in file.Borough!)
                {
                    var area = areaNumbers[figure.AreaCode];
                    var m = figure.Month - file.FirstMonth;
                    Add(CountId(file.Id, figure.Line, 0), file.Id, area, area, categoryNumbers[figure.CategoryId], yyyymm[m], checked((int)figure.Count), current[m]);
                }
            }
            WriteTotals(totalsInsert, totals);
            totals.Clear();
            totals.TrimExcess();
            // A borough-month's counts all come from one download too: its own file's, or the current ward download's.
            WriteTotals(boroughInsert, boroughTotals);
            boroughTotals.Clear();
            boroughTotals.TrimExcess();
        }
        if (pending > 0)
        {
            // The last rows: one statement of exactly that many.
            using var tail = new PreparedInsert(connection, "crime_counts", columns, pending);
            for (var i = 0; i < pending * columns.Length; i++) tail.BindInt64(i, buffer[i]);
            tail.Run();
        }
    }

    /// <summary>
    /// count_totals (or borough_totals): the current counts per area and month, summed per police.uk category of their
    /// MPS category and over every category (under police-uk-all-crime), inserted in key order (police.uk, month, area).
    /// </summary>
    private static void WriteTotals(PreparedInsert insert, Dictionary<long, (long Value, int Figures)> totals)
    {
        foreach (var key in totals.Keys.Order())
        {
            var (value, figures) = totals[key];
            insert.BindInt64(0, key >> 40);
            insert.BindInt64(1, (key >> 16) & 0xFFFFFF);
            insert.BindInt64(2, key & 0xFFFF);
            insert.BindInt64(3, value);
            insert.BindInt64(4, figures);
            insert.Run();
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Files.Count} downloads, {Count:N0} counts");
}
