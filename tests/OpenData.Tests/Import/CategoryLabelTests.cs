using System.Globalization;
using static OpenData.Tests.Import.ImportValidationTests;

namespace OpenData.Tests.Import;

/// <summary>
/// How the labels of the MPS ward downloads find their offence category: by a category's name or one of its
/// aliases (other published spellings, such as the double-spaced labels of the 2017 downloads), exactly, and
/// nothing else.
/// </summary>
public class CategoryLabelTests
{
    private const string PossessionOfDrugs = "mps-title-case-drug-offences-possession-of-drugs";

    /// <summary>The first line of the ward downloads (in file name order) that starts with these labels: path inside
    /// seed-data/, line number and fields.</summary>
    private static (string File, int Line, string[] Fields) FirstRow(SeedCopy seed, string labels)
    {
        foreach (var path in Directory.EnumerateFiles(seed.Path("mps-ward-crime"), "*.csv").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(path);
            var at = Array.FindIndex(lines, l => l.StartsWith(labels + ",", StringComparison.Ordinal));
            if (at >= 0) return ("mps-ward-crime/" + Path.GetFileName(path), at + 1, lines[at].Split(','));
        }
        throw new InvalidOperationException($"No ward download has a row starting with {labels}.");
    }

    [Fact]
    public async Task A_row_that_spells_a_label_with_a_double_space_imports_onto_the_single_spaced_category()
    {
        using var seed = new SeedCopy();
        var (file, line, fields) = FirstRow(seed, "Drug Offences,Possession of Drugs");
        seed.ReplaceOnLine(file, line, "Drug Offences,Possession of Drugs,", "Drug Offences,Possession of  Drugs,");

        await seed.ImportValidAsync();

        using var store = seed.OpenStore();
        // The counts of that line: ids download * 10^7 + line * 100 + month column.
        var download = store.Downloads.Single(d => d.File == file).Id;
        var first = download * 10_000_000L + line * 100L;
        var counts = store.CrimeCounts.Where(c => c.Id >= first && c.Id < first + 100).OrderBy(c => c.Id).ToList();
        Assert.Equal(fields.Length - 5, counts.Count);
        var ward = store.Areas.Single(a => a.Code == fields[3]).Number;
        var category = store.OffenceCategories.Single(c => c.Id == PossessionOfDrugs).Number;
        Assert.All(counts, c => Assert.Equal((ward, category), (c.Area, c.Category)));
        Assert.Equal(fields.Skip(5).Select(c => int.Parse(c, CultureInfo.InvariantCulture)), counts.Select(c => c.Count));
        // An alias is not a category of its own.
        Assert.DoesNotContain(store.OffenceCategories, c => c.Name.Contains("  "));
        Assert.Equal("Possession of  Drugs", store.OffenceCategories.Single(c => c.Id == PossessionOfDrugs).Aliases);
    }

    [Fact]
    public async Task A_minor_label_in_a_spelling_that_is_not_declared_is_refused_with_where_to_declare_it()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var (file, line, _) = FirstRow(seed, "Drug Offences,Possession of Drugs");
        // Spaces are not folded: only the spellings offence_categories.csv lists are accepted.
        seed.ReplaceOnLine(file, line, "Drug Offences,Possession of Drugs,", "Drug Offences,Possession  of Drugs,");

        await AssertSingleErrorAsync(seed, fingerprint,
            $"seed-data/{file}:{line}:2 (MinorText): expected the name or an alias of a minor category of \"Drug Offences\" (mps-title-case-drug-offences) in scheme mps-title-case, "
            + $"found \"Possession  of Drugs\", which differs only in spacing from \"Possession of Drugs\" ({PossessionOfDrugs}): add it to offence_categories.csv (a new category or an alias)");
    }

    [Fact]
    public async Task An_unknown_major_label_is_refused_with_where_to_declare_it()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var (file, line, _) = FirstRow(seed, "Drug Offences,Possession of Drugs");
        seed.ReplaceOnLine(file, line, "Drug Offences,Possession of Drugs,", "Drug Offenses,Possession of Drugs,");

        await AssertSingleErrorAsync(seed, fingerprint,
            $"seed-data/{file}:{line}:1 (MajorText): expected the name or an alias of a major category of scheme mps-title-case, found \"Drug Offenses\": add it to offence_categories.csv (a new category or an alias)");
    }

    [Fact]
    public async Task Two_spellings_of_one_category_for_the_same_ward_are_refused()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var (file, line, fields) = FirstRow(seed, "Drug Offences,Possession of Drugs");
        var again = seed.AppendLine(file, string.Join(',', fields).Replace("Possession of Drugs", "Possession of  Drugs"));

        var result = await seed.ImportAsync();

        // The repeated key is quoted cut short (its length depends on the ward's reporting unit).
        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith($"seed-data/{file}:{again}:2 (MinorText): expected one row per reporting unit, ward and category, found \"{fields[4]} | {fields[3]} | mps-title-case-drug-offences-possession-of", error);
        Assert.EndsWith($"\" again under another spelling (first on line {line})", error);
        Assert.Equal(fingerprint, seed.DatabaseFingerprint());
    }

    [Fact]
    public async Task An_alias_that_is_already_another_categorys_label_is_refused()
    {
        var (seed, fingerprint) = await WithStoreAsync();
        using var _ = seed;
        var lines = File.ReadAllLines(seed.Path("offence_categories.csv"));
        var line = Array.FindIndex(lines, l => l.StartsWith(PossessionOfDrugs + ",", StringComparison.Ordinal)) + 1;
        var trafficking = Array.FindIndex(lines, l => l.StartsWith("mps-title-case-drug-offences-drug-trafficking,", StringComparison.Ordinal)) + 1;
        seed.ReplaceOnLine("offence_categories.csv", line, ",Possession of  Drugs,", ",Possession of  Drugs|Drug Trafficking,");

        await AssertSingleErrorAsync(seed, fingerprint,
            $"seed-data/offence_categories.csv:{line}:10 (aliases): expected a label no other minor category of mps-title-case-drug-offences has as its name or alias, "
            + $"found \"Drug Trafficking\", already mps-title-case-drug-offences-drug-trafficking (line {trafficking})");
    }
}
