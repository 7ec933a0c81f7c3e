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
        Assert.Equal(store.RowHashes.LongCount(), counts.Values.Sum());
        Assert.True(counts["crime_figures"] > 70_000);
    }

    [Fact]
    public async Task Every_monthly_count_of_the_five_ward_downloads_is_a_crime_figure()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        var expected = 0L;
        foreach (var file in Directory.EnumerateFiles(seed.Path("mps-ward-crime"), "*.csv"))
        {
            var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
            expected += (long)(lines.Length - 1) * (lines[0].Split(',').Length - 5);
        }
        using var store = seed.OpenStore();
        Assert.Equal(expected, store.CrimeFigures.LongCount(f => f.SourceId == "mps-ward-crime"));
        var figure = store.CrimeFigures.Single(f => f.Id == "mpsw-201907-e05009388-201708-mps-title-case-arson-and-criminal-damage-criminal-damage");
        Assert.Equal("E05009388", figure.AreaCode);
        Assert.Equal("mps-title-case-arson-and-criminal-damage-criminal-damage", figure.CategoryId);
        Assert.Equal(new DateOnly(2017, 8, 1), figure.PeriodStart);
        Assert.Equal(new DateOnly(2017, 8, 31), figure.PeriodEnd);
        Assert.Equal(("count", 3.0, "offences", "3"), (figure.Measure, figure.Value, figure.Unit, figure.PublishedText));
        Assert.Equal("mps-ward-crime/mps_ward_crime_kc_201708_201907.csv, line 3, column 201708", figure.Locator);
        Assert.True(figure.IsCurrent);
    }

    [Fact]
    public async Task A_revised_ward_count_is_current_in_the_newest_download_and_superseded_in_older_ones()
    {
        // Chelsea Riverside, possession of drugs, November 2021 was published as 7 (download ending 2022-03),
        // then 8 (ending 2022-08), then 9 (ending 2023-04): the newest download covering the month wins.
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();
        const string tail = "-e05009391-202111-mps-title-case-drug-offences-possession-of-drugs";

        using var store = seed.OpenStore();
        var figures = store.CrimeFigures.Where(f => f.AreaCode == "E05009391" && f.CategoryId == "mps-title-case-drug-offences-possession-of-drugs"
            && f.PeriodStart == new DateOnly(2021, 11, 1)).OrderBy(f => f.Id).ToList();

        Assert.Equal(["mpsw-202203" + tail, "mpsw-202208" + tail, "mpsw-202304" + tail], figures.Select(f => f.Id));
        Assert.Equal([7.0, 8.0, 9.0], figures.Select(f => f.Value));
        Assert.Equal([false, false, true], figures.Select(f => f.IsCurrent));
        Assert.Equal(["mpsw-202304" + tail, "mpsw-202304" + tail, null], figures.Select(f => f.SupersededBy));
        var current = Assert.Single(store.CrimeFigures.Where(f => f.AreaCode == "E05009391" && f.PeriodStart == new DateOnly(2021, 11, 1)
            && f.CategoryId == "mps-title-case-drug-offences-possession-of-drugs" && f.IsCurrent).ToList());
        Assert.Equal(9.0, current.Value);
    }

    [Fact]
    public async Task A_figure_superseded_by_a_download_with_other_labels_has_no_successor()
    {
        // December 2022 is in the last Title Case download (ending 2023-04) and in the first UPPER CASE one
        // (ending 2024-11); the categories are different rows, so the older figure has no SupersededBy.
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        var older = store.CrimeFigures.Single(f => f.Id == "mpsw-202304-e05009391-202212-mps-title-case-drug-offences-possession-of-drugs");
        var newer = store.CrimeFigures.Single(f => f.Id == "mpsw-202411-e05009391-202212-mps-upper-case-drug-offences-possession-of-drugs");
        Assert.False(older.IsCurrent);
        Assert.Null(older.SupersededBy);
        Assert.True(newer.IsCurrent);
        Assert.Null(newer.SupersededBy);
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
        Assert.False(store.CrimeFigures.Any(f => f.SourceId == "mps-ward-crime" && f.PeriodStart >= new DateOnly(2019, 8, 1) && f.PeriodStart <= new DateOnly(2020, 3, 1)));
    }

    [Fact]
    public async Task Borough_counts_are_current_figures_of_the_borough_in_legacy_categories()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        var figure = store.CrimeFigures.Single(f => f.Id == "mpsb-201104-mps-legacy-burglary-burglary-in-a-dwelling");
        Assert.Equal(("E09000020", "mps-legacy-burglary-burglary-in-a-dwelling", 78.0, "78"), (figure.AreaCode, figure.CategoryId, figure.Value, figure.PublishedText));
        Assert.Equal(("mps-borough-crime", "mps-borough-crime/mps_borough_crime_kc_201104_201303.csv, line 3"), (figure.SourceId, figure.Locator));
        Assert.True(store.CrimeFigures.Where(f => f.SourceId == "mps-borough-crime").All(f => f.IsCurrent && f.AreaCode == "E09000020"));
    }

    [Fact]
    public async Task Document_figures_are_current_and_wards_carry_their_boundary()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        Assert.True(store.CrimeFigures.Where(f => !f.Id.StartsWith("mpsw-") && !f.Id.StartsWith("mpsb-")).All(f => f.IsCurrent && f.SupersededBy == null));
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

    private static string RowHashesSql(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'row_hashes'";
        return (string)command.ExecuteScalar()!;
    }
}
