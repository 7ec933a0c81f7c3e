using System.Text;
using OpenData.Import;

namespace OpenData.Tests.Import;

/// <summary>
/// Broken seed files: each is one error with file, line, column (and field) and what was expected, and the
/// store built before stays byte for byte what it was.
/// </summary>
public class ImportValidationTests
{
    private const string Place = "kc-test-place,Test place,place,E09000020,,,,,,,,,mps-ward-crime,test,";

    /// <summary>A copy of seed-data/ with a store already built from it.</summary>
    internal static async Task<(SeedCopy Seed, string Fingerprint)> WithStoreAsync()
    {
        var seed = new SeedCopy();
        Directory.CreateDirectory(Path.GetDirectoryName(seed.DatabasePath)!);
        File.Copy(SeedStore.DatabasePath, seed.DatabasePath);
        await Task.CompletedTask;
        return (seed, seed.DatabaseFingerprint());
    }

    internal static async Task AssertSingleErrorAsync(SeedCopy seed, string fingerprint, string expected)
    {
        var result = await seed.ImportAsync();
        Assert.Equal(ImportOutcome.Invalid, result.Outcome);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
        Assert.Equal(1, result.ErrorCount);
        Assert.Equal(fingerprint, seed.DatabaseFingerprint());
        // No temporary file left; the lock file (ImportLock) stays by design and holds nothing.
        Assert.Equal(["opendata.db"], Directory.EnumerateFiles(Path.GetDirectoryName(seed.DatabasePath)!).Select(Path.GetFileName)
            .Where(name => name != "opendata.db.lock"));
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_reported_with_its_line_column_and_field()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var line = seed.AppendLine("targets.csv", "test-t001,E09000020,Test subject,,,,2009-04-01,2010-03-31,stated,,,,,,down,,,,Reduce it,,,8.8%,,,,,,,mps-ward-crime,test,");

        await AssertSingleErrorAsync(seed, fingerprint, $"seed-data/targets.csv:{line}:22 (outcome_change_percent): expected a number, found \"8.8%\"");
    }

    [Fact]
    public async Task A_missing_column_is_reported_at_the_header()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var lines = File.ReadAllText(seed.Path("areas.csv")).Split('\n');
        Assert.EndsWith(",notes", lines[0]);
        lines[0] = lines[0][..^",notes".Length];
        File.WriteAllText(seed.Path("areas.csv"), string.Join('\n', lines));

        await AssertSingleErrorAsync(seed, fingerprint, "seed-data/areas.csv:1:15 (notes): missing column \"notes\" (the header must be the schema's fields in order)");
    }

    [Fact]
    public async Task An_unknown_area_code_breaks_the_foreign_key()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var line = seed.AppendLine("crime_figures.csv", "test-f001,E05999999,,police-uk-all-crime,,2009-04-01,2010-03-31,count,5,exact,,offences,,,5,,,stated,,,mps-ward-crime,test,");

        await AssertSingleErrorAsync(seed, fingerprint, $"seed-data/crime_figures.csv:{line}:2 (area_code): expected an existing areas.code, found \"E05999999\"");
    }

    [Fact]
    public async Task A_list_of_area_codes_that_is_not_codes_separated_by_spaces_is_reported()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var line = seed.AppendLine("crime_figures.csv", "test-f001,E09000020,\"E05009392, E05009394\",police-uk-all-crime,,2009-04-01,2010-03-31,count,5,exact,,offences,,,5,,,stated,,,mps-ward-crime,test,");

        await AssertSingleErrorAsync(seed, fingerprint, $"seed-data/crime_figures.csv:{line}:3 (area_codes): expected a value matching ^(E\\d{{8}}|[a-z0-9]+(-[a-z0-9]+)*)( (E\\d{{8}}|[a-z0-9]+(-[a-z0-9]+)*))*$, found \"E05009392, E05009394\"");
    }

    [Fact]
    public async Task A_duplicate_primary_key_names_the_line_of_the_first()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var first = seed.AppendLine("areas.csv", Place);
        var second = seed.AppendLine("areas.csv", Place);

        await AssertSingleErrorAsync(seed, fingerprint, $"seed-data/areas.csv:{second}:1 (code): expected a unique primary key, found \"kc-test-place\" again (first on line {first})");
    }

    [Fact]
    public async Task A_byte_that_is_not_utf8_is_reported_where_it_is()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var row = Encoding.UTF8.GetBytes(Place.Replace("Test place", "Caf?")).ToArray();
        row[Array.IndexOf(row, (byte)'?')] = 0xE9; // "é" in Latin-1
        var line = seed.AppendLine("areas.csv", row);

        await AssertSingleErrorAsync(seed, fingerprint, $"seed-data/areas.csv:{line}:2 (name): expected UTF-8 text, found byte 0xE9");
    }

    [Fact]
    public async Task A_ragged_row_is_reported_at_its_first_missing_field()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var line = seed.AppendLine("areas.csv", Place[..^1]);

        await AssertSingleErrorAsync(seed, fingerprint, $"seed-data/areas.csv:{line}:15 (notes): expected 15 fields, found 14");
    }

    [Fact]
    public async Task A_month_column_that_is_not_a_month_stops_an_mps_extract()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        seed.ReplaceOnLine("mps-ward-crime/mps_ward_crime_london_201708_201907.csv", 1, ",201712,", ",201713,");

        await AssertSingleErrorAsync(seed, fingerprint, "seed-data/mps-ward-crime/mps_ward_crime_london_201708_201907.csv:1:10 (201713): expected a month column YYYYMM, found \"201713\"");
    }

    [Fact]
    public async Task Month_columns_must_be_consecutive()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        seed.ReplaceOnLine("mps-ward-crime/mps_ward_crime_london_201708_201907.csv", 1, ",201712,", ",201801,");

        await AssertSingleErrorAsync(seed, fingerprint, "seed-data/mps-ward-crime/mps_ward_crime_london_201708_201907.csv:1:10 (201801): expected month column 201712 (months must be consecutive), found \"201801\"");
    }

    [Fact]
    public async Task An_mps_label_of_the_other_scheme_is_not_a_known_category()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        // The first UPPER CASE download is checked against mps-upper-case: a Title Case label is unknown there.
        seed.ReplaceOnLine("mps-ward-crime/mps_ward_crime_london_202212_202411.csv", 2, "ARSON AND CRIMINAL DAMAGE,ARSON,", "ARSON AND CRIMINAL DAMAGE,Arson,");

        await AssertSingleErrorAsync(seed, fingerprint, "seed-data/mps-ward-crime/mps_ward_crime_london_202212_202411.csv:2:2 (MinorText): expected the name or an alias of a minor category of \"ARSON AND CRIMINAL DAMAGE\" (mps-upper-case-arson-and-criminal-damage) in scheme mps-upper-case, found \"Arson\", which differs only in case from \"ARSON\" (mps-upper-case-arson-and-criminal-damage-arson): add it to offence_categories.csv (a new category or an alias)");
    }

    [Fact]
    public async Task A_ward_code_that_is_not_a_ward_and_a_negative_count_are_both_reported()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        const string file = "mps-ward-crime/mps_ward_crime_london_202212_202411.csv";
        seed.ReplaceOnLine(file, 10267, "Abingdon,E05009388,Kensington and Chelsea,0,", "Abingdon,E05009388,Kensington and Chelsea,-1,");
        seed.ReplaceOnLine(file, 10268, "Abingdon,E05009388,", "Abingdon,E05000001,");

        var result = await seed.ImportAsync();

        Assert.Equal(
            [
                $"seed-data/{file}:10267:6 (202212): expected a value of at least 0, found \"-1\"",
                $"seed-data/{file}:10268:4 (WardCode): expected a ward code of areas, found \"E05000001\" (WardName \"Abingdon\"): add the ward to areas.csv with its boundary set, parent borough and source, and its polygon to the set's boundary file",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(fingerprint, seed.DatabaseFingerprint());
    }

    [Fact]
    public async Task Quoted_fields_may_hold_line_breaks_and_later_lines_keep_their_numbers()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var quoted = seed.AppendLine("areas.csv", "kc-test-quoted,\"Test, \"\"quoted\"\"\r\nplace\",place,E09000020,,,,,,,,,mps-ward-crime,test,\"two\nlines\"");
        var line = seed.AppendLine("areas.csv", Place[..^1]);
        Assert.Equal(quoted + 3, line);

        await AssertSingleErrorAsync(seed, fingerprint, $"seed-data/areas.csv:{line}:15 (notes): expected 15 fields, found 14");
    }

    [Fact]
    public async Task Errors_in_many_files_are_all_collected_up_to_a_hundred()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        for (var i = 0; i < 150; i++) seed.AppendLine("areas.csv", Place.Replace("kc-test-place", $"kc-test-{i}").Replace(",place,", ",hamlet,"));
        seed.AppendLine("sources.csv", "Not A Slug,dataset,T,P,2020,,,E09000020,,,,,,,OGL-UK-3.0,A,");

        var result = await seed.ImportAsync();

        Assert.Equal(151, result.ErrorCount);
        Assert.Equal(100, result.Errors.Count);
        Assert.StartsWith("seed-data/sources.csv:", result.Errors[0].ToString());
        Assert.EndsWith("(type): expected one of \"country\", \"region\", \"police_force_area\", \"county\", \"borough\", \"ward\", \"police_unit\", \"police_sector\", \"estate\", \"place\", found \"hamlet\"", result.Errors[1].ToString());
        Assert.Equal(fingerprint, seed.DatabaseFingerprint());
    }

    [Fact]
    public async Task A_ward_polygon_in_the_file_of_a_set_that_does_not_hold_the_ward_is_refused()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        // Abbey (E05000026) is a ward of the 2014 and 2018 sets; line 416 of the 2022 file is Abingdon's feature.
        seed.ReplaceOnLine("boundaries/london_wards_2022.geojson", 416, "\"ward_code\":\"E05009388\"", "\"ward_code\":\"E05000026\"");

        await AssertSingleErrorAsync(seed, fingerprint,
            "seed-data/boundaries/london_wards_2022.geojson:416:1 (features[414].properties.ward_code): expected a ward of boundary set 2022 (one whose boundary_sets hold it), found \"E05000026\" of boundary sets 2014 2018");
    }

    [Fact]
    public async Task A_polygon_in_the_borough_file_must_be_a_borough()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        seed.ReplaceOnLine("boundaries/london_boroughs.geojson", 5, "\"GSS_CODE\": \"E09000021\"", "\"GSS_CODE\": \"E05009388\"");

        await AssertSingleErrorAsync(seed, fingerprint,
            "seed-data/boundaries/london_boroughs.geojson:5:1 (features[0].properties.GSS_CODE): expected an area of type borough, found \"E05009388\" of type ward");
    }

    [Fact]
    public async Task A_declared_file_that_is_missing_and_an_undeclared_file_are_errors()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        File.Delete(seed.Path("risks.csv"));
        // The ward downloads are declared by a pattern (mps-ward-crime/mps_ward_crime_*.csv): a file beside them that
        // does not match it is not a download.
        File.Copy(seed.Path("mps-ward-crime/mps_ward_crime_london_202212_202411.csv"), seed.Path("mps-ward-crime/ward_crime_london_202301_202412.csv"));

        var result = await seed.ImportAsync();

        Assert.Equal(
            [
                "seed-data/risks.csv: expected the file declared by resource \"risks\" in datapackage.json, found no such file",
                "seed-data/mps-ward-crime/ward_crime_london_202301_202412.csv: expected every data file to be declared in datapackage.json (add it to a resource's path), found an undeclared file",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(fingerprint, seed.DatabaseFingerprint());
    }

    [Fact]
    public async Task The_command_exits_1_with_the_errors_and_0_once_they_are_fixed()
    {
        using var seed = new SeedCopy();
        var original = File.ReadAllText(seed.Path("areas.csv"));
        var line = seed.AppendLine("areas.csv", Place[..^1]);

        var (failed, _, errors) = await seed.RunImportCommandAsync();
        File.WriteAllText(seed.Path("areas.csv"), original);
        var (succeeded, output, _) = await seed.RunImportCommandAsync();

        Assert.Equal(1, failed);
        Assert.Contains($"seed-data/areas.csv:{line}:15 (notes): expected 15 fields, found 14", errors);
        Assert.Equal(0, succeeded);
        Assert.Contains("imported release 1", output);
    }

    [Fact]
    public async Task A_document_text_that_changed_without_its_hash_and_an_undeclared_text_are_errors()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        // One character of the Kent report changed: every locator_url into it may now land elsewhere.
        var kent = seed.Path("documents/003_0483db27e68d7cbd.txt");
        File.WriteAllText(kent, File.ReadAllText(kent).Replace("1st November 2012", "2nd November 2012", StringComparison.Ordinal));
        File.WriteAllText(seed.Path("documents/005_new.txt"), "A document no source names.\n");

        var result = await seed.ImportAsync();

        var changed = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(kent)));
        Assert.Equal(
            [
                "seed-data/documents/005_new.txt: expected every data file to be declared in datapackage.json (add it to a resource's path), found an undeclared file",
                $"seed-data/documents/003_0483db27e68d7cbd.txt: expected the hash datapackage.json declares (sha256:22d7d15700f31596a705b9fcb1bde2deb5797bb35b3d52e49a7ae3059db3563c), found {changed}: the text changed; check the rows' locators still name its places, then update the hash",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(fingerprint, seed.DatabaseFingerprint());
    }
}
