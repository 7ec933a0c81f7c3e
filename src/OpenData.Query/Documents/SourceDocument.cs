using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace OpenData.Query;

/// <summary>What a block of a document's text is.</summary>
public enum DocumentBlockKind
{
    /// <summary>A line that stands alone and does not end a sentence: a heading of the extraction.</summary>
    Heading,
    /// <summary>A line of running text.</summary>
    Paragraph,
    /// <summary>A line starting with a dash: a list item (a numbered one, "- 3.1 ...", has an anchor).</summary>
    ListItem,
    /// <summary>Consecutive tab-separated lines: a table, one row per line.</summary>
    Table,
}

/// <summary>A block of a document: a heading, a line of text, a list item or a table, with the anchor that lands on it.</summary>
/// <param name="Kind">What the block is.</param>
/// <param name="Line">Its first line in the text (1-based).</param>
/// <param name="Text">Its text as published (for a list item, without the dash; for a table, empty).</param>
/// <param name="Id">Its anchor, or null when nothing can cite it.</param>
/// <param name="Rows">A table's rows, each a list of cells (tab-separated in the text).</param>
/// <param name="Pages">The page anchors (<c>page-22</c>) that start at this block, from the document's contents page.</param>
public sealed record DocumentBlock(DocumentBlockKind Kind, int Line, string Text, string? Id,
    IReadOnlyList<IReadOnlyList<string>>? Rows = null, IReadOnlyList<string>? Pages = null);

/// <summary>A place in a document a link can land on.</summary>
/// <param name="Id">The fragment: unique in the document; a slug of the heading, <c>tab-N</c> (the N-th table), <c>para-3-1</c> or <c>page-22</c>.</param>
/// <param name="Kind"><c>heading</c>, <c>label</c> (a line's run-in title, e.g. <c>&lt;i&gt;Begging&lt;/i&gt;</c>),
/// <c>paragraph</c> (numbered), <c>table</c> or <c>page</c>.</param>
/// <param name="Label">The words a reader sees there (a table's first row).</param>
/// <param name="Line">The line of the text it is on (1-based).</param>
public sealed record DocumentAnchor(string Id, string Kind, string Label, int Line);

/// <summary>Where a row's locator lands in its document.</summary>
/// <param name="AnchorId">The anchor: always one the document has.</param>
/// <param name="Unmatched">The parts of the locator that name no place of the text (the anchor is then the
/// deepest part that does, the section's page, or the document's start); empty when every part was found.</param>
public sealed record LocatorResolution(string AnchorId, IReadOnlyList<string> Unmatched)
{
    public bool Exact => Unmatched.Count == 0;
}

/// <summary>
/// A source's text as transcribed (a plain-text extraction of the published document), cut into blocks with an
/// anchor per heading, table, numbered paragraph and contents-page page, and the rule that takes a row's
/// <c>locator</c> to one of them.
/// <para>
/// The extractions have no markup for structure, so structure is read from the layout the extraction kept: a
/// short line that stands alone and does not end a sentence is a heading; tab-separated lines are a table; a
/// line starting <c>- 3.1</c> is a numbered paragraph; a line opening with an italic or bold run-in title
/// (<c>&lt;i&gt;Begging&lt;/i&gt; Begging/vagrancy accounted ...</c>) is labelled by it. Page numbers are not in
/// the extractions; where a contents page gives the page a section starts on, that section carries
/// <c>page-N</c>. Anchors are slugs of what they label (lower-case words joined by hyphens), numbered
/// <c>-2</c>, <c>-3</c> when a heading repeats, so a link names its place in words and stays put when text
/// elsewhere changes.
/// </para>
/// <para>
/// Locators are paths of the document's own headings, outermost first, separated by commas
/// (<c>Section 3: Priorities and Activity, 4 Priority: Street Crime, Enforcement Activity (Section 3 begins p. 8)</c>).
/// Each part is looked for after the place the previous part was found, so "Enforcement Activity" lands on the one
/// under Street Crime, not the first in the document. A part matches a heading that begins with its words (or,
/// failing that, contains them), a table whose first row has a cell that begins with them, or its parts around
/// a colon in turn (<c>Looking back on 2009/10: Summary performance achievements</c> names two headings). Page
/// references in brackets are dropped; after "; " a locator names a second place, which the link does not
/// follow. A part found nowhere is reported (<see cref="LocatorResolution.Unmatched"/>) and the link lands on the
/// deepest part found.
/// </para>
/// </summary>
public sealed partial class SourceDocument
{
    private readonly List<(DocumentAnchor Anchor, IReadOnlyList<string[]> Words)> _anchors;
    private readonly ConcurrentDictionary<string, LocatorResolution> _resolved = new(StringComparer.Ordinal);

    /// <summary>The anchor of the document's start (the element holding the whole text).</summary>
    public const string StartAnchor = "document";

    private SourceDocument(string sourceId, string path, string text, string sha256)
    {
        SourceId = sourceId;
        Path = path;
        Text = text;
        Sha256 = sha256;
        (Blocks, _anchors) = Parse(text);
        Anchors = [new DocumentAnchor(StartAnchor, "document", "", 1), .. _anchors.Select(a => a.Anchor)];
    }

    /// <summary>The source (sources.id) whose rows were transcribed from this text.</summary>
    public string SourceId { get; }

    /// <summary>The file in seed-data, as datapackage.json declares it.</summary>
    public string Path { get; }

    /// <summary>The text, exactly as the file holds it.</summary>
    public string Text { get; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex (the package declares it as <c>sha256:</c>…).</summary>
    public string Sha256 { get; }

    public IReadOnlyList<DocumentBlock> Blocks { get; }

    /// <summary>Every anchor, in document order, the document's start first.</summary>
    public IReadOnlyList<DocumentAnchor> Anchors { get; }

    public static SourceDocument Read(string sourceId, string path, string text, string sha256) => new(sourceId, path, text, sha256);

    /// <summary>Where <paramref name="locator"/> lands (see the class remarks); always an anchor of this document.</summary>
    public LocatorResolution Resolve(string locator) => _resolved.GetOrAdd(locator, ResolveNow);

    private LocatorResolution ResolveNow(string locator)
    {
        // The first place only: "...; also Appendix 1, Methodology list", "...; Appendix 1, six themes" name a second one.
        var primary = locator.Split("; ", 2)[0];
        var page = PageReference().Match(primary) is { Success: true } p ? "page-" + p.Groups[1].Value : null;
        primary = PageNote().Replace(primary, "");
        var parts = Components(primary);
        var unmatched = new List<string>();
        int? found = null;
        var position = 0;
        for (var i = 0; i < parts.Count;)
        {
            // Longest run of parts first: a heading may itself hold ", " ("knife crime, gangs").
            int? hit = null;
            var used = 1;
            for (var j = parts.Count; j > i && hit is null; j--)
            {
                hit = Find(string.Join(", ", parts.Skip(i).Take(j - i)), position, strict: j > i + 1, unmatched);
                used = j - i;
            }
            if (hit is null)
            {
                unmatched.Add(parts[i].Trim());
                i++;
                continue;
            }
            found = hit;
            position = hit.Value + 1;
            i += used;
        }
        if (found is { } index) return new LocatorResolution(_anchors[index].Anchor.Id, unmatched);
        var fallback = page is not null && Anchors.Any(a => a.Id == page) ? page : StartAnchor;
        return new LocatorResolution(fallback, unmatched);
    }

    /// <summary>The anchor index a locator part names at or after <paramref name="from"/>, or null. Not strict:
    /// also the part's variants (its quoted name, without brackets, its number alone), its colon-separated parts in
    /// turn (each one not found is added to <paramref name="unmatched"/>), and a heading that holds its words.</summary>
    private int? Find(string part, int from, bool strict, List<string> unmatched)
    {
        List<Candidate> candidates = strict ? [new(Words(part), Loose: false)] : Candidates(part);
        // Passes over every variant, best kind of match first: a label that begins with the words; a "Table 1",
        // "2.1" label the words begin with; a label that holds the words.
        Match[] passes = strict ? [Match.Prefix] : [Match.Prefix, Match.Label, Match.Contains];
        foreach (var pass in passes)
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Words.Length == 0 || (pass == Match.Contains && !candidate.Loose)) continue;
                for (var k = from; k < _anchors.Count; k++)
                {
                    if (Matches(_anchors[k].Words, candidate.Words, pass)) return k;
                }
            }
        }
        if (strict) return null;
        if (part.Contains(": ", StringComparison.Ordinal))
        {
            int? deepest = null;
            var position = from;
            var missed = new List<string>();
            foreach (var piece in part.Split(": "))
            {
                var hit = Find(piece, position, strict: false, missed);
                if (hit is null) missed.Add(piece.Trim());
                else (deepest, position) = (hit, hit.Value + 1);
            }
            if (deepest is not null)
            {
                unmatched.AddRange(missed);
                return deepest;
            }
        }
        return Phrase(part, from);
    }

    /// <summary>The last resort for a part: a heading that begins with the part's last words ("BLUNT 2 Phase 1"
    /// lands on "Phase 1" under the BLUNT 2 heading), at least two of them.</summary>
    private int? Phrase(string part, int from)
    {
        var words = Words(Brackets().Replace(part, ""));
        for (var skip = 1; skip <= words.Length - 2; skip++)
        {
            var tail = words[skip..];
            for (var k = from; k < _anchors.Count; k++)
            {
                if (Matches(_anchors[k].Words, tail, Match.Prefix)) return k;
            }
        }
        return null;
    }

    private enum Match
    {
        /// <summary>The label begins with the words.</summary>
        Prefix,
        /// <summary>A two-word numbered label ("Table 1", "Section 3", "2.1") begins the words.</summary>
        Label,
        /// <summary>The label holds the words in a row.</summary>
        Contains,
    }

    /// <summary>A variant of a locator part; <paramref name="Loose"/> false for one too short to look for inside
    /// labels (a number alone, "ASB" of "ASB matrix").</summary>
    private sealed record Candidate(string[] Words, bool Loose);

    /// <summary>Whether a heading (or a cell of a table's first row) matches the words.</summary>
    private static bool Matches(IReadOnlyList<string[]> labels, string[] words, Match match)
    {
        foreach (var label in labels)
        {
            switch (match)
            {
                case Match.Prefix when StartsWith(label, words):
                case Match.Label when label.Length == 2 && char.IsDigit(label[1][0]) && StartsWith(words, label):
                    return true;
                case Match.Contains:
                    for (var i = 1; i + words.Length <= label.Length; i++)
                    {
                        if (StartsWith(label[i..], words)) return true;
                    }
                    break;
            }
        }
        return false;
    }

    private static bool StartsWith(string[] label, string[] words)
    {
        if (words.Length > label.Length) return false;
        for (var i = 0; i < words.Length; i++)
        {
            if (label[i] != words[i]) return false;
        }
        return true;
    }

    private static List<Candidate> Candidates(string part)
    {
        var trimmed = part.Trim();
        var list = new List<Candidate> { new(Words(trimmed), true) };
        if (Quoted().Match(trimmed) is { Success: true } quoted) list.Add(new(Words(quoted.Groups[2].Value), true));
        var unbracketed = Brackets().Replace(trimmed, "").Trim();
        list.Add(new(Words(unbracketed), true));
        // "Top ASB Priorities box", "ASB matrix": the words the box or table begins with.
        if (unbracketed.EndsWith(" box", StringComparison.Ordinal)) list.Add(new(Words(unbracketed[..^4]), false));
        if (unbracketed.EndsWith(" matrix", StringComparison.Ordinal)) list.Add(new(Words(unbracketed[..^7]), false));
        list.Add(new(Words(NumberLabel().Replace(trimmed, "")), true));
        if (LeadingNumber().Match(trimmed) is { Success: true } number) list.Add(new(Words(number.Groups[1].Value), false));
        return list;
    }

    /// <summary>A locator's parts: split at ", " outside quotes ("table 'Tackling Violence: ..., gang and knife crime'").</summary>
    private static List<string> Components(string locator)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        for (var i = 0; i < locator.Length; i++)
        {
            var c = locator[i];
            if (quote is null && c is '\'' or '"' && (i == 0 || !char.IsLetterOrDigit(locator[i - 1]))) quote = c;
            else if (quote == c && (i + 1 == locator.Length || !char.IsLetterOrDigit(locator[i + 1]))) quote = null;
            if (quote is null && c == ',' && i + 1 < locator.Length && locator[i + 1] == ' ')
            {
                parts.Add(current.ToString());
                current.Clear();
                i++;
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }

    /// <summary>The words of a text for matching: lower case, markup dropped, "&amp;" read as "and", split at
    /// anything but letters and digits (so "2009/10" is two words, "2.1" is "2" "1").</summary>
    public static string[] Words(string text)
    {
        var plain = Markup().Replace(text, " ").ToLowerInvariant().Replace('\u2019', '\'').Replace("&", " and ", StringComparison.Ordinal);
        return NonWord().Split(plain).Where(w => w.Length > 0).ToArray();
    }

    /// <summary>An anchor id from words: lower-case words joined by hyphens, at most 60 characters.</summary>
    public static string Slug(string text)
    {
        var slug = string.Join('-', Words(text));
        if (slug.Length > 60) slug = slug[..60].TrimEnd('-');
        return slug.Length == 0 ? "section" : slug;
    }

    private static (IReadOnlyList<DocumentBlock>, List<(DocumentAnchor, IReadOnlyList<string[]>)>) Parse(string text)
    {
        var blocks = new List<DocumentBlock>();
        var anchors = new List<(DocumentAnchor Anchor, IReadOnlyList<string[]> Words)>();
        var used = new HashSet<string>(StringComparer.Ordinal) { StartAnchor };
        string Unique(string id)
        {
            var candidate = id;
            for (var n = 2; !used.Add(candidate); n++) candidate = $"{id}-{n}";
            return candidate;
        }
        string Anchor(string baseId, string kind, string label, int line, IReadOnlyList<string[]> words)
        {
            var id = Unique(baseId);
            anchors.Add((new DocumentAnchor(id, kind, label, line), words));
            return id;
        }

        var lines = text.Split('\n');
        List<IReadOnlyList<string>>? rows = null;
        var tableLine = 0;
        var contents = new List<(string Title, string Page)>();
        var inContents = false;
        var tables = 0;
        void CloseTable()
        {
            if (rows is null) return;
            if (inContents)
            {
                // The contents page: the page each section starts on, placed on the section below.
                foreach (var row in rows)
                {
                    var cells = row.Where(c => c.Trim().Length > 0).ToList();
                    if (cells.Count == 2 && ContentsPage().Match(cells[1]) is { Success: true } page) contents.Add((cells[0], page.Groups[1].Value));
                }
                blocks.Add(new DocumentBlock(DocumentBlockKind.Table, tableLine, "", null, rows));
            }
            else
            {
                tables++;
                var first = rows[0].Where(c => c.Trim().Length > 0).ToList();
                var label = string.Join(" | ", first.Select(c => c.Trim()));
                // "tab-N", not "table-N": the document's own captions ("Table 1", a heading above its table) keep their words.
                var id = Anchor($"tab-{tables}", "table", label, tableLine, first.Select(Words).ToList());
                blocks.Add(new DocumentBlock(DocumentBlockKind.Table, tableLine, "", id, rows));
            }
            rows = null;
            inContents = false;
        }

        for (var n = 1; n <= lines.Length; n++)
        {
            var line = lines[n - 1].TrimEnd('\r').TrimEnd();
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                CloseTable();
                continue;
            }
            if (line.Contains('\t') && !trimmed.StartsWith('-'))
            {
                if (rows is null)
                {
                    rows = [];
                    tableLine = n;
                    inContents = blocks.Count > 0 && blocks[^1] is { Kind: DocumentBlockKind.Heading } h && Words(h.Text) is ["contents"];
                }
                rows.Add(line.Split('\t'));
                continue;
            }
            CloseTable();
            if (NumberedItem().Match(trimmed) is { Success: true } numbered)
            {
                var number = numbered.Groups[1].Value;
                var id = Anchor("para-" + number.Replace('.', '-'), "paragraph", number, n, [Words(number)]);
                blocks.Add(new DocumentBlock(DocumentBlockKind.ListItem, n, trimmed[1..].Trim(), id));
            }
            else if (trimmed.StartsWith('-'))
            {
                blocks.Add(new DocumentBlock(DocumentBlockKind.ListItem, n, trimmed[1..].Trim(), null));
            }
            else if (RunInTitle().Match(trimmed) is { Success: true } runIn)
            {
                var title = runIn.Groups[2].Success ? runIn.Groups[2].Value : runIn.Groups[3].Value;
                var id = Anchor(Slug(title), "label", title.Trim().TrimEnd(':'), n, [Words(title)]);
                blocks.Add(new DocumentBlock(DocumentBlockKind.Paragraph, n, trimmed, id));
            }
            else if (trimmed.Length <= 160 && !trimmed.EndsWith('.') && !trimmed.EndsWith(',') && !trimmed.EndsWith(';') && Words(trimmed).Length > 0)
            {
                var id = Anchor(Slug(trimmed), "heading", trimmed, n, [Words(trimmed)]);
                blocks.Add(new DocumentBlock(DocumentBlockKind.Heading, n, trimmed, id));
            }
            else
            {
                blocks.Add(new DocumentBlock(DocumentBlockKind.Paragraph, n, trimmed, null));
            }
        }
        CloseTable();
        PlacePages(blocks, anchors, contents, Unique);
        return (blocks, anchors);
    }

    /// <summary>Gives the section each contents entry names (the first heading or table after the contents whose
    /// words begin with the entry's, up to its first colon) the page anchor of its start page.</summary>
    private static void PlacePages(List<DocumentBlock> blocks, List<(DocumentAnchor Anchor, IReadOnlyList<string[]> Words)> anchors,
        List<(string Title, string Page)> contents, Func<string, string> unique)
    {
        if (contents.Count == 0) return;
        var contentsLine = blocks.First(b => b is { Kind: DocumentBlockKind.Table, Id: null }).Line;
        var from = anchors.FindIndex(a => a.Anchor.Line > contentsLine);
        if (from < 0) return;
        foreach (var (title, page) in contents)
        {
            var words = Words(title.Split([':', ';'], 2)[0]);
            var k = anchors.FindIndex(from, a => a.Words.Any(w => StartsWith(w, words)));
            if (k < 0) continue;
            var id = unique("page-" + page);
            var line = anchors[k].Anchor.Line;
            var b = blocks.FindIndex(x => x.Line == line);
            blocks[b] = blocks[b] with { Pages = [.. blocks[b].Pages ?? [], id] };
            anchors.Insert(k, (new DocumentAnchor(id, "page", "Page " + page, line), []));
            from = k + 2;
        }
    }

    [GeneratedRegex(@"\bp\. (\d+)\)")]
    private static partial Regex PageReference();

    /// <summary>"(p. 31)", "(Section 3 begins p. 8)", "(after the matrices, Appendix 1 begins p. 22)": where, not what.</summary>
    [GeneratedRegex(@"\s*\([^()]*\bp\. \d+\)")]
    private static partial Regex PageNote();

    [GeneratedRegex(@"\((?:[^()]|\([^()]*\))*\)")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"(['""])(.+)\1")]
    private static partial Regex Quoted();

    /// <summary>"2.1: Priorities" → "Priorities".</summary>
    [GeneratedRegex(@"^\d+(?:\.\d+)*:\s*")]
    private static partial Regex NumberLabel();

    /// <summary>"1.1 Background" → "1.1", the numbered paragraph.</summary>
    [GeneratedRegex(@"^(\d+(?:\.\d+)+)\s")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"^-\s*(\d+(?:\.\d+)+)\s")]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"^(<i>(.+?)</i>|\*\*(.+?)\*\*)\s*\S")]
    private static partial Regex RunInTitle();

    [GeneratedRegex(@"^Page (\d+)$")]
    private static partial Regex ContentsPage();

    [GeneratedRegex(@"</?[a-zA-Z]+>|\*")]
    private static partial Regex Markup();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonWord();
}
