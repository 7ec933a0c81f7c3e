using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenData.Import;

namespace OpenData.Tests.Import;

/// <summary>The import of the real seed data: what ends up in the store, read back through the DbContext.</summary>
public class ImportBuildTests
{
    [Fact]
    public async Task The_real_seed_data_imports_into_a_new_store_as_release_1()
    {
        using var seed = new SeedCopy();

        var result = await seed.ImportValidAsync();

        Assert.Equal(ImportOutcome.Imported, result.Outcome);
        Assert.Equal(1, result.ReleaseId);
        Assert.Matches("^[0-9a-f]{64}$", result.ContentHash);
        using var store = seed.OpenStore();
        var release = Assert.Single(store.Releases.ToList());
        Assert.Equal(result.ContentHash, release.ContentHash);
        var counts = JsonSerializer.Deserialize<Dictionary<string, long>>(release.RowCounts)!;
        Assert.Equal(store.Sources.LongCount(), counts["sources"]);
        Assert.Equal(store.Areas.LongCount(), counts["areas"]);
        Assert.Equal(store.OffenceCategories.LongCount(), counts["offence_categories"]);
        Assert.Equal(store.CrimeFigures.LongCount(), counts["crime_figures"]);
        Assert.Equal(store.CoverageGaps.LongCount(), counts["coverage_gaps"]);
        Assert.Equal(store.Downloads.LongCount(), counts["downloads"]);
        Assert.Equal(store.CrimeCounts.LongCount(), counts["crime_counts"]);
        Assert.True(counts["crime_counts"] > 70_000);
        // crime_counts has no row hashes: a download's changes are seen through its downloads row (its SHA-256).
        Assert.Equal(store.RowHashes.LongCount(), counts.Values.Sum() - counts["crime_counts"]);
    }

    [Fact]
    public async Task Every_monthly_count_of_every_download_is_a_crime_count_whose_id_says_where_it_is_printed()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        var downloads = store.Downloads.OrderBy(d => d.Id).ToList();
        var files = Directory.EnumerateFiles(seed.Path("mps-ward-crime"), "*.csv").Select(f => "mps-ward-crime/" + Path.GetFileName(f))
            .Append("mps-borough-crime/mps_borough_crime_kc_201104_201303.csv").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, downloads.Select(d => d.File).Order(StringComparer.Ordinal));
        foreach (var download in downloads.Where(d => d.Family == 0))
        {
            var (months, rows) = WardFile(seed.Path(download.File));
            // Download id: last month YYYYMM * 10 + family.
            Assert.Equal(months[^1] * 10, download.Id);
            Assert.Equal((months[0], months[^1], rows.Count, (long)rows.Count * months.Length, rows.Sum(r => r.Counts.Sum(c => (long)c))),
                (download.FirstMonth, download.LastMonth, download.Rows, download.Counts, download.Total));
            Assert.Equal(download.Counts, store.CrimeCounts.LongCount(c => c.DownloadId == download.Id));
            Assert.Equal(download.Total, store.CrimeCounts.Where(c => c.DownloadId == download.Id).Sum(c => (long)c.Count));
            // A few counts, decoded from their id: line and month column of this file.
            foreach (var (line, codes, counts) in new[] { rows[0], rows[rows.Count / 2], rows[^1] })
            {
                for (var column = 0; column < months.Length; column += 7)
                {
                    var count = store.CrimeCounts.Single(c => c.Id == download.Id * 10_000_000L + line * 100L + column);
                    Assert.Equal((download.Id, months[column], counts[column]), (count.DownloadId, count.Month, count.Count));
                    Assert.Equal(codes.Ward, store.Areas.Single(a => a.Number == count.Area).Code);
                }
            }
        }
        Assert.Equal(downloads.Sum(d => d.Counts), store.CrimeCounts.LongCount());
        // Every ward download's codes are one boundary set; the labels are UPPER CASE from the download ending 2024-11.
        Assert.All(downloads.Where(d => d.Family == 0), d => Assert.NotNull(d.WardSet));
        Assert.All(downloads.Where(d => d.Family == 0), d => Assert.Equal(d.Id == 2024110 ? "mps-upper-case" : "mps-title-case", d.Scheme));

        // Line 12774 of the download ending 2019-07: Abingdon, criminal damage, August 2017 (column 0) was 3.
        var criminalDamage = store.CrimeCounts.Single(c => c.Id == 2019070_1277400L);
        Assert.Equal(("E05009388", "E09000020", "mps-title-case-arson-and-criminal-damage-criminal-damage", 201708, 3),
            (AreaCode(store, criminalDamage.Area), AreaCode(store, criminalDamage.Unit), CategoryId(store, criminalDamage.Category), criminalDamage.Month, criminalDamage.Count));
    }

    [Fact]
    public async Task A_revised_ward_count_is_current_in_the_newest_download_and_not_in_older_ones()
    {
        // Chelsea Riverside, possession of drugs, November 2021 was published as 7 (download ending 2022-03),
        // then 8 (ending 2022-08), then 9 (ending 2023-03 and 2023-04): the newest download covering the month wins.
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        var ward = store.Areas.Single(a => a.Code == "E05009391").Number;
        var category = store.OffenceCategories.Single(c => c.Id == "mps-title-case-drug-offences-possession-of-drugs").Number;
        var counts = store.CrimeCounts.Where(c => c.Area == ward && c.Category == category && c.Month == 202111).OrderBy(c => c.Id).ToList();

        Assert.Equal([2022030, 2022080, 2023030, 2023040], counts.Select(c => c.DownloadId));
        Assert.Equal([7, 8, 9, 9], counts.Select(c => c.Count));
        Assert.Equal([false, false, false, true], counts.Select(c => c.IsCurrent));
        // The id points at the printed cell: line 12772 of the download ending 2022-03, month column 19 (202004 + 19).
        Assert.Equal(2022030_1277219L, counts[0].Id);
        Assert.Equal("7", WardCell(seed.Path("mps-ward-crime/mps_ward_crime_london_202004_202203.csv"), 12772, 19));
        // Exactly one download is current for each month of the family.
        Assert.Empty(store.CrimeCounts.Where(c => c.IsCurrent).Join(store.Downloads.Where(d => d.Family == 0), c => c.DownloadId, d => d.Id, (c, d) => c)
            .GroupBy(c => c.Month).Select(g => new { Month = g.Key, Downloads = g.Select(c => c.DownloadId).Distinct().Count() }).Where(g => g.Downloads != 1).ToList());
    }

    [Fact]
    public async Task A_month_in_a_download_with_other_labels_is_current_only_in_the_newest_download()
    {
        // December 2022 is in the last Title Case downloads (ending 2023-03 and 2023-04) and in the first UPPER CASE
        // one (ending 2024-11): the categories differ, and the older downloads are not current for the month in any category.
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        var december = store.CrimeCounts.Where(c => c.Month == 202212).ToList();
        Assert.Equal([2023030, 2023040, 2024110], december.Select(c => c.DownloadId).Distinct().Order());
        Assert.All(december, c => Assert.Equal(c.DownloadId == 2024110, c.IsCurrent));
        var upper = store.OffenceCategories.Where(c => c.Scheme == "mps-upper-case").Select(c => c.Number).ToHashSet();
        Assert.All(december, c => Assert.Equal(c.DownloadId == 2024110, upper.Contains(c.Category)));
    }

    [Fact]
    public async Task The_months_no_ward_download_covers_are_coverage_gaps()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        var gaps = store.CoverageGaps.OrderBy(g => g.Month).ToList();
        Assert.All(gaps, g => Assert.Equal("mps-ward-crime", g.SourceId));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => new DateOnly(2019, 8, 1).AddMonths(i)), gaps.Select(g => g.Month));
        Assert.False(store.CrimeCounts.Any(c => c.Month >= 201908 && c.Month <= 202003));
    }

    [Fact]
    public async Task Borough_counts_are_current_counts_of_the_borough_in_legacy_categories()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        var download = store.Downloads.Single(d => d.Family == 1);
        Assert.Equal((2013031, "mps-borough-crime", 201104, 201303, "mps-legacy", (string?)null),
            (download.Id, download.SourceId, download.FirstMonth, download.LastMonth, download.Scheme, download.WardSet));
        var lines = File.ReadAllLines(seed.Path(download.File)).Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal((lines.Count, lines.Sum(l => long.Parse(l.Split(',')[3]))), (download.Rows, download.Total));
        // Line 3: 201104, Burglary, Burglary In A Dwelling, 78 (a borough file has one count per line: column 0).
        var burglary = store.CrimeCounts.Single(c => c.Id == 2013031_0000300L);
        Assert.Equal(("E09000020", "mps-legacy-burglary-burglary-in-a-dwelling", 201104, 78),
            (AreaCode(store, burglary.Area), CategoryId(store, burglary.Category), burglary.Month, burglary.Count));
        var borough = store.Areas.Single(a => a.Code == "E09000020").Number;
        var counts = store.CrimeCounts.Where(c => c.DownloadId == download.Id).ToList();
        Assert.Equal(lines.Count, counts.Count);
        Assert.All(counts, c => Assert.True(c.IsCurrent && c.Area == borough && c.Unit == borough));
    }

    [Fact]
    public async Task Document_figures_are_current_and_wards_carry_their_boundary()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        // The MPS counts are in crime_counts; crime_figures holds only the document figures, all current.
        Assert.True(store.CrimeFigures.Any());
        Assert.True(store.CrimeFigures.All(f => f.IsCurrent && f.SupersededBy == null && !f.Id.StartsWith("mps")));
        // Every ward of every set, and every borough, has its polygon; other places have none.
        var drawn = store.Areas.Where(a => a.Type == "ward" || a.Type == "borough").ToList();
        Assert.Equal(36, drawn.Count(w => w.ParentCode == "E09000020" && w.Type == "ward"));
        Assert.Equal(33, drawn.Count(b => b.Type == "borough"));
        Assert.All(drawn, area =>
        {
            Assert.True(area.Geometry is not null, area.Code);
            using var geometry = JsonDocument.Parse(area.Geometry!);
            Assert.Contains(geometry.RootElement.GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
        });
        Assert.Null(store.Areas.Single(a => a.Code == "kc-w10").Geometry);
    }

    [Fact]
    public async Task The_store_is_one_file_in_rollback_journal_mode()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        // Beside it only the imports' lock file (ImportLock), empty and not part of the store.
        Assert.Equal(["opendata.db"], Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(seed.DatabasePath)!).Select(Path.GetFileName)
            .Where(name => name != "opendata.db.lock"));
        using var connection = new SqliteConnection($"Data Source={seed.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("delete", command.ExecuteScalar());
    }

    [Fact]
    public async Task Row_hashes_are_one_btree_without_rowid()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        Assert.EndsWith("WITHOUT ROWID", RowHashesSql(seed.DatabasePath));
    }

    [Fact]
    public async Task A_store_with_the_earlier_rowid_row_hashes_is_rebuilt_keeping_its_releases()
    {
        using var seed = new SeedCopy();
        var first = await seed.ImportValidAsync();
        using (var connection = new SqliteConnection($"Data Source={seed.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE old_row_hashes ("dataset" TEXT NOT NULL, "row_id" TEXT NOT NULL, "hash" TEXT NOT NULL,
                    CONSTRAINT "PK_row_hashes" PRIMARY KEY ("dataset", "row_id"));
                INSERT INTO old_row_hashes SELECT dataset, row_id, hash FROM row_hashes;
                DROP TABLE row_hashes;
                ALTER TABLE old_row_hashes RENAME TO row_hashes;
                """;
            command.ExecuteNonQuery();
        }

        var second = await seed.ImportValidAsync();

        Assert.Equal(ImportOutcome.Rebuilt, second.Outcome);
        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.All(second.Changes.Values, c => Assert.False(c.Any));
        Assert.EndsWith("WITHOUT ROWID", RowHashesSql(seed.DatabasePath));
        using var store = seed.OpenStore();
        Assert.Equal(1, Assert.Single(store.Releases.ToList()).Id);
    }

    private static string AreaCode(OpenData.Store.OpenDataDbContext store, int number) => store.Areas.Single(a => a.Number == number).Code;

    private static string CategoryId(OpenData.Store.OpenDataDbContext store, int number) => store.OffenceCategories.Single(c => c.Number == number).Id;

    /// <summary>A ward download read plainly: its months (YYYYMM) and, per data line, its line number, ward code and
    /// counts. The counts are the last fields of a line (the text fields before them may be quoted).</summary>
    private static (int[] Months, List<(int Line, (string Ward, string Unit) Codes, int[] Counts)> Rows) WardFile(string path)
    {
        var lines = File.ReadAllLines(path);
        var months = lines[0].Split(',').Skip(5).Select(int.Parse).ToArray();
        var rows = new List<(int, (string, string), int[])>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            var counts = fields[^months.Length..].Select(int.Parse).ToArray();
            rows.Add((i + 1, (fields[^(months.Length + 2)], fields[^(months.Length + 1)]), counts));
        }
        return (months, rows);
    }

    private static string WardCell(string path, int line, int column)
    {
        var lines = File.ReadAllLines(path);
        var months = lines[0].Split(',').Length - 5;
        return lines[line - 1].Split(',')[^(months - column)];
    }

    private static string RowHashesSql(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'row_hashes'";
        return (string)command.ExecuteScalar()!;
    }
}
