using System.Text.Json;
using OpenData.Import;
using OpenData.Import.Releases;

namespace OpenData.Tests.Import;

/// <summary>Releases: content hashes, what a re-import does, and what a release says changed.</summary>
public class ImportReleaseTests
{
    [Fact]
    public async Task Importing_the_same_files_again_is_up_to_date_and_leaves_the_store_as_it_is()
    {
        using var seed = new SeedCopy();
        var first = await seed.ImportValidAsync();
        var fingerprint = seed.DatabaseFingerprint();

        var second = await seed.ImportValidAsync();

        Assert.Equal(ImportOutcome.UpToDate, second.Outcome);
        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Equal(1, second.ReleaseId);
        Assert.Equal(fingerprint, seed.DatabaseFingerprint());
    }

    [Fact]
    public async Task Line_endings_row_order_and_the_order_of_downloads_do_not_change_the_content_hash()
    {
        using var seed = new SeedCopy();
        var first = await seed.ImportValidAsync();

        foreach (var file in Directory.EnumerateFiles(seed.SeedData, "*.csv", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("\r\n", "\n").Replace("\n", "\r\n"));
        }
        // Rows of a table carry their own locator, so their order in the file is not content (the MPS downloads'
        // count ids name the line, so there it is).
        var categories = File.ReadAllLines(seed.Path("offence_categories.csv"));
        File.WriteAllLines(seed.Path("offence_categories.csv"), categories.Take(1).Concat(categories.Skip(1).Reverse()));
        // The ward downloads are found by a pattern, not listed: the order the directory gives them in is not content
        // (they are numbered by their last month). Moving every file out and back changes that order on most file systems.
        foreach (var file in Directory.EnumerateFiles(seed.Path("mps-ward-crime"), "*.csv").Order(StringComparer.Ordinal).Reverse().ToList())
        {
            File.Move(file, file + ".moved");
            File.Move(file + ".moved", file);
        }

        var second = await seed.ImportValidAsync();

        // The rows are the same: no new release, and the package file is the same.
        Assert.Equal(ImportOutcome.UpToDate, second.Outcome);
        Assert.Equal(first.ReleaseId, second.ReleaseId);
        Assert.Equal(first.ContentHash, second.ContentHash);
        var third = await seed.ImportValidAsync();
        Assert.Equal(ImportOutcome.UpToDate, third.Outcome);
    }

    [Fact]
    public async Task A_changed_row_makes_a_new_release_whose_changes_name_it()
    {
        using var seed = new SeedCopy();
        var first = await seed.ImportValidAsync();
        // Abingdon, ARSON, December 2022 in the newest download: 0 becomes 5.
        seed.ReplaceOnLine("mps-ward-crime/mps_ward_crime_london_202212_202411.csv", 10267, "ARSON,Abingdon,E05009388,Kensington and Chelsea,0,", "ARSON,Abingdon,E05009388,Kensington and Chelsea,5,");
        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");

        var second = await seed.ImportValidAsync();

        Assert.Equal(ImportOutcome.Imported, second.Outcome);
        Assert.Equal(2, second.ReleaseId);
        Assert.NotEqual(first.ContentHash, second.ContentHash);
        using var store = seed.OpenStore();
        var releases = store.Releases.OrderBy(r => r.Id).ToList();
        Assert.Equal([1, 2], releases.Select(r => r.Id));
        Assert.Equal(first.ContentHash, releases[0].ContentHash);
        using var changes = JsonDocument.Parse(releases[1].Changes);
        // The count is not a row of its own in the changes: its download is (its file's SHA-256 changed).
        var downloads = changes.RootElement.GetProperty("downloads");
        Assert.Equal((0, 0, 1), (downloads.GetProperty("added").GetInt32(), downloads.GetProperty("removed").GetInt32(), downloads.GetProperty("changed").GetInt32()));
        Assert.Equal(["2024110"], downloads.GetProperty("changed_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, changes.RootElement.GetProperty("crime_figures").GetProperty("changed").GetInt32());
        var areas = changes.RootElement.GetProperty("areas");
        Assert.Equal(["kc-test-place"], areas.GetProperty("added_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.True(areas.GetProperty("ids_complete").GetBoolean());
        // The areas after it in code order get another number (crime_counts' compact key), which is not content.
        Assert.Equal(0, areas.GetProperty("changed").GetInt32());
        Assert.Equal(0, changes.RootElement.GetProperty("sources").GetProperty("changed").GetInt32());
        // The first release added every row: its lists stop at 50 ids and say so.
        using var initial = JsonDocument.Parse(releases[0].Changes);
        var allFigures = initial.RootElement.GetProperty("actions");
        Assert.False(allFigures.GetProperty("ids_complete").GetBoolean());
        Assert.Equal(DatasetChanges.ListedIds, allFigures.GetProperty("added_ids").GetArrayLength());
        Assert.True(allFigures.GetProperty("added").GetInt32() > DatasetChanges.ListedIds);
        // Line 10267, month column 0 of the download ending 2024-11.
        var count = store.CrimeCounts.Single(c => c.Id == 2024110_1026700L);
        Assert.Equal((202212, 5, true), (count.Month, count.Count, count.IsCurrent));
        Assert.Equal(2024110, store.Downloads.Single(d => d.File == "mps-ward-crime/mps_ward_crime_london_202212_202411.csv").Id);
    }

    [Fact]
    public async Task A_removed_row_is_listed_as_removed()
    {
        using var seed = new SeedCopy();
        seed.AppendLine("areas.csv", "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,");
        await seed.ImportValidAsync();
        var lines = File.ReadAllLines(seed.Path("areas.csv"));
        File.WriteAllLines(seed.Path("areas.csv"), lines.Where(l => !l.StartsWith("kc-test-place,")));

        var second = await seed.ImportValidAsync();

        Assert.Equal(1, second.Changes["areas"].Removed);
        Assert.Equal(["kc-test-place"], second.Changes["areas"].RemovedIds);
        Assert.All(second.Changes.Where(c => c.Key != "areas"), c => Assert.False(c.Value.Any));
    }

    [Fact]
    public async Task Release_datasets_mark_as_modified_only_the_datasets_whose_rows_changed()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();
        seed.ReplaceOnLine("targets.csv", 2, "target figure is not printed, so", "target figure is not printed; so");

        var second = await seed.ImportValidAsync();

        Assert.Equal(2, second.ReleaseId);
        using var store = seed.OpenStore();
        var rows = store.ReleaseDatasets.OrderBy(d => d.ReleaseId).ThenBy(d => d.Dataset).ToList();
        // The first release has every dataset and modifies each (it is where each one starts, even an empty one).
        Assert.All(rows.Where(d => d.ReleaseId == 1), d => Assert.True(d.Modified, d.Dataset));
        var release2 = rows.Where(d => d.ReleaseId == 2).ToList();
        Assert.Equal(rows.Count(d => d.ReleaseId == 1), release2.Count);
        var targets = Assert.Single(release2, d => d.Modified);
        Assert.Equal(("targets", 0L, 0L, 1L, true), (targets.Dataset, targets.Added, targets.Removed, targets.Changed, targets.IdsComplete));
        Assert.All(release2.Where(d => d.Dataset != "targets"), d => Assert.Equal((0L, 0L, 0L, true), (d.Added, d.Removed, d.Changed, d.IdsComplete)));
    }

    [Fact]
    public async Task A_store_from_before_release_datasets_is_rebuilt_with_them_and_keeps_when_each_dataset_changed()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();
        seed.ReplaceOnLine("targets.csv", 2, "target figure is not printed, so", "target figure is not printed; so");
        await seed.ImportValidAsync();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={seed.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE release_datasets";
            command.ExecuteNonQuery();
        }

        var rebuilt = await seed.ImportValidAsync();

        // The layout differs, so the store is rebuilt; the facts come from the releases' changes.
        Assert.Equal(ImportOutcome.Rebuilt, rebuilt.Outcome);
        using var store = seed.OpenStore();
        Assert.Equal(["targets"], store.ReleaseDatasets.Where(d => d.ReleaseId == 2 && d.Modified).Select(d => d.Dataset).ToList());
        Assert.Equal(1, store.ReleaseDatasets.Single(d => d.ReleaseId == 2 && d.Dataset == "targets").Changed);
        Assert.True(store.ReleaseDatasets.Where(d => d.ReleaseId == 1).All(d => d.Modified));
        Assert.False(store.ReleaseDatasets.Single(d => d.ReleaseId == 1 && d.Dataset == "actions").IdsComplete);
    }

    [Fact]
    public async Task A_store_from_before_changed_fields_is_rebuilt_and_its_changes_say_nothing_about_fields()
    {
        using var seed = new SeedCopy();
        await seed.ImportValidAsync();
        seed.ReplaceOnLine("targets.csv", 2, "target figure is not printed, so", "target figure is not printed; so");
        await seed.ImportValidAsync();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={seed.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE release_changes DROP COLUMN changed_fields";
            command.ExecuteNonQuery();
        }

        // The layout differs, so the store is rebuilt; release 2's change is carried over without a field list.
        Assert.Equal(ImportOutcome.Rebuilt, (await seed.ImportValidAsync()).Outcome);
        using (var store = seed.OpenStore())
        {
            var carried = store.ReleaseChanges.Single(c => c.ReleaseId == 2);
            Assert.Equal(("targets", "changed", "mpa-lps-kc-2010-t001"), (carried.Dataset, carried.Change, carried.RowId));
            Assert.Null(carried.ChangedFields);
        }

        // And the next release lists its fields again.
        seed.ReplaceOnLine("targets.csv", 3, "target figure is not printed, so", "target figure is not printed; so");
        Assert.Equal(3, (await seed.ImportValidAsync()).ReleaseId);
        using (var store = seed.OpenStore())
        {
            Assert.Null(store.ReleaseChanges.Single(c => c.ReleaseId == 2).ChangedFields);
            using var fields = JsonDocument.Parse(store.ReleaseChanges.Single(c => c.ReleaseId == 3).ChangedFields!);
            Assert.Equal(["notes"], fields.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task Force_rebuilds_an_unchanged_store_without_a_new_release()
    {
        using var seed = new SeedCopy();
        var first = await seed.ImportValidAsync();

        var forced = await seed.ImportValidAsync(force: true);

        Assert.Equal(ImportOutcome.Rebuilt, forced.Outcome);
        Assert.Equal(first.ContentHash, forced.ContentHash);
        using var store = seed.OpenStore();
        Assert.Equal(1, Assert.Single(store.Releases.ToList()).Id);
    }

    [Fact]
    public async Task EnsureCurrent_builds_a_missing_store_then_skips_until_a_seed_file_is_newer()
    {
        using var seed = new SeedCopy();

        var built = await SeedImport.EnsureCurrentAsync(seed.SeedData, seed.DatabasePath);
        var skipped = await SeedImport.EnsureCurrentAsync(seed.SeedData, seed.DatabasePath);
        File.SetLastWriteTimeUtc(seed.Path("sources.csv"), DateTime.UtcNow.AddMinutes(1));
        var checkedAgain = await SeedImport.EnsureCurrentAsync(seed.SeedData, seed.DatabasePath);

        Assert.Equal(ImportOutcome.Imported, built.Outcome);
        Assert.Equal(ImportOutcome.Skipped, skipped.Outcome);
        Assert.Equal(ImportOutcome.UpToDate, checkedAgain.Outcome);
    }

    [Fact]
    public async Task A_database_path_that_is_not_a_store_is_not_overwritten_without_force()
    {
        using var seed = new SeedCopy();
        Directory.CreateDirectory(Path.GetDirectoryName(seed.DatabasePath)!);
        File.WriteAllText(seed.DatabasePath, "notes, not a database");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => seed.ImportAsync());
        Assert.Contains("is not an OpenData store", refused.Message);
        Assert.Equal("notes, not a database", File.ReadAllText(seed.DatabasePath));

        var forced = await seed.ImportValidAsync(force: true);
        Assert.Equal(ImportOutcome.Imported, forced.Outcome);
        Assert.Equal(1, forced.ReleaseId);
    }
}
