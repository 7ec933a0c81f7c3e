using OpenData.Import;

namespace OpenData.Tests.Import;

/// <summary>
/// Imports of one database serialise on its lock file (&lt;database&gt;.lock): a second import waits for the first or
/// gives up with exit code 4 writing nothing, and the import that holds the lock removes the temporary files of
/// imports that were killed.
/// </summary>
public sealed class ImportLockTests
{
    [Fact]
    public async Task A_held_lock_makes_the_command_exit_4_with_a_clear_message_and_write_nothing()
    {
        using var seed = new SeedCopy();
        var leftover = seed.DatabasePath + ".tmp-0123456789abcdef";
        Directory.CreateDirectory(Path.GetDirectoryName(seed.DatabasePath)!);
        File.WriteAllText(leftover, "a killed import's half-built store");

        using (ImportLock.Acquire(seed.DatabasePath, TimeSpan.Zero))
        {
            var (exitCode, output, errors) = await seed.RunImportCommandAsync();

            Assert.Equal(4, exitCode);
            Assert.Contains($"another import holds {seed.DatabasePath}.lock; try again when it finishes", errors);
            Assert.DoesNotContain("imported release", output);
            Assert.False(File.Exists(seed.DatabasePath));
            // Not this import's to remove: it does not hold the lock, and the file may be the running import's.
            Assert.True(File.Exists(leftover));

            var refused = await Assert.ThrowsAsync<ImportLockedException>(() => seed.ImportAsync());
            Assert.Equal(seed.DatabasePath + ".lock", refused.LockPath);
            Assert.True(File.Exists(seed.DatabasePath + ".lock"));
        }
    }

    [Fact]
    public async Task A_waiting_import_runs_when_the_lock_is_released_and_removes_leftover_temporary_files()
    {
        using var seed = new SeedCopy();
        Directory.CreateDirectory(Path.GetDirectoryName(seed.DatabasePath)!);
        string[] leftovers = [seed.DatabasePath + ".tmp-dead", seed.DatabasePath + ".tmp-dead-journal"];
        foreach (var file in leftovers) File.WriteAllText(file, "left by a killed import");
        var unrelated = Path.Combine(Path.GetDirectoryName(seed.DatabasePath)!, "other.db.tmp-dead");
        File.WriteAllText(unrelated, "another database's");

        Task<ImportResult> waiting;
        using (ImportLock.Acquire(seed.DatabasePath, TimeSpan.Zero))
        {
            waiting = SeedImport.ImportAsync(new ImportOptions
            {
                SeedDataDirectory = seed.SeedData,
                DatabasePath = seed.DatabasePath,
                LockWait = TimeSpan.FromMinutes(2),
            });
        }
        var result = await waiting;

        Assert.Equal(ImportOutcome.Imported, result.Outcome);
        Assert.Equal(1, result.ReleaseId);
        Assert.All(leftovers, file => Assert.False(File.Exists(file), $"{file} was not removed"));
        Assert.True(File.Exists(unrelated));
    }
}
