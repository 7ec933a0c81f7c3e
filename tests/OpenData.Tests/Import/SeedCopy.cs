using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenData.Import;
using OpenData.Store;

namespace OpenData.Tests.Import;

/// <summary>
/// A private copy of the repository's seed-data/ in a temporary folder (so a test can break or change files),
/// with a database path beside it. Declared tables whose CSV is not in the repository yet get a header-only file.
/// </summary>
public sealed class SeedCopy : IDisposable
{
    public SeedCopy()
    {
        Root = Directory.CreateTempSubdirectory("opendata-import-test-").FullName;
        SeedData = System.IO.Path.Combine(Root, "seed-data");
        DatabasePath = System.IO.Path.Combine(Root, "data", "opendata.db");
        Copy(RepositoryFiles.SeedData, SeedData);
        var package = JsonNode.Parse(File.ReadAllText(Path("datapackage.json")))!;
        foreach (var resource in package["resources"]!.AsArray())
        {
            if (resource!["opendata:layout"] is not null) continue;
            var file = Path((string)resource["path"]!);
            if (!File.Exists(file)) File.WriteAllText(file, string.Join(',', resource["schema"]!["fields"]!.AsArray().Select(f => (string)f!["name"]!)) + "\n");
        }
    }

    /// <summary>Deletes every MPS ward download but the newest (the package still validates: the downloads are a
    /// file pattern): a tenth of the counts, for tests about the import's mechanics rather than its volume.</summary>
    public SeedCopy WithOnlyTheNewestWardDownload()
    {
        var files = Directory.GetFiles(Path("mps-ward-crime"), "mps_ward_crime_london_*.csv").Order(StringComparer.Ordinal).ToList();
        foreach (var file in files.SkipLast(1)) File.Delete(file);
        return this;
    }

    public string Root { get; }
    public string SeedData { get; }
    public string DatabasePath { get; }

    /// <summary>Absolute path of a file of the copy, from its path inside seed-data/.</summary>
    public string Path(string relative) => System.IO.Path.Combine(SeedData, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public Task<ImportResult> ImportAsync(bool force = false) =>
        SeedImport.ImportAsync(new ImportOptions { SeedDataDirectory = SeedData, DatabasePath = DatabasePath, Force = force });

    /// <summary>Imports and fails the test if the seed data is invalid.</summary>
    public async Task<ImportResult> ImportValidAsync(bool force = false)
    {
        var result = await ImportAsync(force);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result;
    }

    /// <summary>Appends one line of bytes (a CSV row) and returns its line number.</summary>
    public int AppendLine(string relative, byte[] line)
    {
        var file = Path(relative);
        var bytes = File.ReadAllBytes(file).ToList();
        if (bytes.Count > 0 && bytes[^1] != (byte)'\n') bytes.Add((byte)'\n');
        var number = bytes.Count(b => b == (byte)'\n') + 1;
        bytes.AddRange(line);
        bytes.Add((byte)'\n');
        File.WriteAllBytes(file, bytes.ToArray());
        return number;
    }

    public int AppendLine(string relative, string line) => AppendLine(relative, Encoding.UTF8.GetBytes(line));

    /// <summary>Replaces text on one line (1-based) of a file; the text must be there.</summary>
    public void ReplaceOnLine(string relative, int line, string from, string to)
    {
        var file = Path(relative);
        var lines = File.ReadAllText(file).Split('\n');
        Assert.Contains(from, lines[line - 1]);
        var at = lines[line - 1].IndexOf(from, StringComparison.Ordinal);
        lines[line - 1] = lines[line - 1][..at] + to + lines[line - 1][(at + from.Length)..];
        File.WriteAllText(file, string.Join('\n', lines));
    }

    public OpenDataDbContext OpenStore() => new(new DbContextOptionsBuilder<OpenDataDbContext>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString())
        .Options);

    /// <summary>SHA-256 of the database file's bytes, to show a failed import left it untouched.</summary>
    public string DatabaseFingerprint() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(DatabasePath)));

    public void Dispose() => RepositoryFiles.DeleteQuietly(Root);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from)) Copy(directory, System.IO.Path.Combine(to, System.IO.Path.GetFileName(directory)));
    }

    /// <summary>Runs opendata-import as a user would, on this copy: its exit code and what it printed.</summary>
    public async Task<(int ExitCode, string Output, string Errors)> RunImportCommandAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var argument in new[] { System.IO.Path.Combine(AppContext.BaseDirectory, "opendata-import.dll"), "--seed-data", "seed-data", "--database", DatabasePath })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
