using OpenData.Query;
using OpenData.Tests.Rest;
using Xunit.Abstractions;

namespace OpenData.Tests.Query;

/// <summary>The anchors of the documents and where every locator of the seed data lands, read from the CSVs.</summary>
public sealed class SourceDocumentTests(ITestOutputHelper output)
{
    /// <summary>Every (source, locator) of a row of seed-data/*.csv whose source is a document, with its row count.</summary>
    private static Dictionary<(string Source, string Locator), int> DocumentLocators()
    {
        var sources = Read(Path.Combine(RepositoryFiles.SeedData, "sources.csv"));
        var documents = sources.Skip(1).Where(r => r[Array.IndexOf(sources[0], "kind")] == "document")
            .Select(r => r[Array.IndexOf(sources[0], "id")]).ToHashSet(StringComparer.Ordinal);
        var locators = new Dictionary<(string, string), int>();
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.SeedData, "*.csv"))
        {
            var rows = Read(file);
            var source = Array.IndexOf(rows[0], "source_id");
            var locator = Array.IndexOf(rows[0], "locator");
            if (source < 0 || locator < 0) continue;
            foreach (var row in rows.Skip(1).Where(r => documents.Contains(r[source])))
            {
                locators[(row[source], row[locator])] = locators.GetValueOrDefault((row[source], row[locator])) + 1;
            }
        }
        return locators;
    }

    /// <summary>A seed CSV (lines end in LF; the test reader reads RFC 4180's CRLF).</summary>
    private static List<string[]> Read(string path) => Csv.Parse(File.ReadAllText(path).ReplaceLineEndings("\r\n"));

    [Fact]
    public void Every_document_is_embedded_with_the_text_and_hash_the_package_declares()
    {
        var declared = DataPackage.Current.Resources.Where(r => r.Layout == "document").ToList();
        Assert.Equal(5, declared.Count);
        foreach (var resource in declared)
        {
            var document = SourceDocuments.Find(resource.SourceId!)!;
            var bytes = File.ReadAllBytes(Path.Combine(RepositoryFiles.SeedData, resource.Paths.Single()));
            Assert.Equal(resource.Hash, "sha256:" + document.Sha256);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), document.Text);
            Assert.Equal(document.Anchors.Count, document.Anchors.Select(a => a.Id).Distinct().Count());
        }
        Assert.Null(SourceDocuments.Find("mps-ward-crime"));
    }

    [Fact]
    public void Every_locator_resolves_to_an_anchor_of_its_document_and_only_the_known_gaps_are_inexact()
    {
        var locators = DocumentLocators();
        var inexact = new List<string>();
        foreach (var ((source, locator), rows) in locators.OrderBy(l => l.Key.Source, StringComparer.Ordinal).ThenBy(l => l.Key.Locator, StringComparer.Ordinal))
        {
            var document = SourceDocuments.Find(source)!;
            var resolution = document.Resolve(locator);
            Assert.Contains(document.Anchors, a => a.Id == resolution.AnchorId);
            output.WriteLine($"{source} | {locator} -> #{resolution.AnchorId}{(resolution.Exact ? "" : $"  UNMATCHED: {string.Join(" / ", resolution.Unmatched)}")} ({rows} rows)");
            if (!resolution.Exact) inexact.Add($"{source}: {locator} -> #{resolution.AnchorId}");
        }
        output.WriteLine($"{locators.Count} locators, {locators.Values.Sum()} rows, {SourceDocuments.All.Values.Sum(d => d.Anchors.Count)} anchors, {inexact.Count} inexact");
        Assert.True(locators.Count > 100, $"{locators.Count} locators");
        Assert.Equal(KnownGaps, inexact);
    }

    /// <summary>The locators with a part that is not a place of the text, and where they land instead: a title
    /// the extraction does not label (the document's start; the "Subject:" line that is its title), a table the
    /// extraction gives no caption (the heading above the crime matrix), and a paragraph (its section).</summary>
    private static readonly string[] KnownGaps =
    [
        "kent-csa-2012: Title (Kent) -> #document",
        "kent-csa-2012: Title: Kent Community Safety Agreement Update -> #subject-kent-community-safety-agreement-update-performance-m",
        "rbkc-ccsp-2008: Appendix 1, Crime and Antisocial Behaviour Matrix Used for Strategic Assessment: crime matrix (Appendix 1 begins p. 22) -> #crime-and-antisocial-behaviour-matrix-used-for-strategic-ass",
        "rbkc-ccsp-2008: Appendix 2: Summary of Local Targets, Local Area Agreements, other national performance indicators (p. 31) -> #local-area-agreements",
    ];

    [Theory]
    // A heading path, deepest part found after the part before it: the Enforcement Activity under Street Crime.
    [InlineData("rbkc-ccsp-2008", "Section 3: Priorities and Activity, 4 Priority: Street Crime, Personal Robbery and Snatch Offences, Enforcement Activity (Section 3 begins p. 8)", "enforcement-activity-4")]
    // Two headings joined by a colon; a numbered paragraph; a quoted table name holding ", ".
    [InlineData("mpa-lps-kc-2010", "Looking back on 2009/10: Summary performance achievements", "summary-performance-achievements")]
    [InlineData("kent-csa-2012", "3.0 Progress towards the County Priorities, 3.2", "para-3-2")]
    [InlineData("rbkc-bsc-2019", "Appendix 1: Building Safer Communities – Delivery Plan, table 'Tackling Violence: Tackling serious youth violence, gang and knife crime'", "tackling-violence-tackling-serious-youth-violence-gang-and-k")]
    // A printed table caption; a run-in title.
    [InlineData("rbkc-ccsp-2008", "Appendix 2: Summary of Local Targets, Table 1 Kensington and Chelsea Police Targets 2008/2009 (p. 31)", "table-1")]
    [InlineData("rbkc-ccsp-2008", "Appendix 1, Summary of Priorities: Data Analysis (Appendix 1 begins p. 22), Antisocial Behaviour, Antisocial Behaviour associated with Street Populations: Street Drinking", "street-drinking")]
    // A table by the words its first row begins with; a heading in place of its number ("2.1: Priorities" is the list under 2.1).
    [InlineData("rbkc-ccsp-2008", "Appendix 1, Crime and Antisocial Behaviour Matrix Used for Strategic Assessment: ASB matrix (Appendix 1 begins p. 22)", "tab-5")]
    [InlineData("kent-csa-2012", "2.0 Introduction, 2.1: Priorities", "priorities")]
    public void A_locator_lands_on_the_deepest_place_it_names(string source, string locator, string anchor)
    {
        var resolution = SourceDocuments.Find(source)!.Resolve(locator);
        Assert.Equal(anchor, resolution.AnchorId);
        Assert.True(resolution.Exact, string.Join(" / ", resolution.Unmatched));
    }

    [Fact]
    public void A_locator_that_names_nothing_lands_on_its_page_or_the_documents_start()
    {
        var plan = SourceDocuments.Find("rbkc-ccsp-2008")!;
        Assert.Equal("page-31", plan.Resolve("Nowhere at all (p. 31)").AnchorId);
        Assert.Equal(["Nowhere at all"], plan.Resolve("Nowhere at all (p. 31)").Unmatched);
        Assert.Equal(SourceDocument.StartAnchor, plan.Resolve("Nowhere at all").AnchorId);
    }
}
