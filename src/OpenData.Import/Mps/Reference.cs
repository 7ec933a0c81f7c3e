using OpenData.Import.Validation;

namespace OpenData.Import.Mps;

/// <summary>A ward of areas.csv: its boundary sets decide which boundary files may carry its polygon, and let the
/// import recognise a download's ward set from its codes.</summary>
internal sealed record Ward(string Code, string Name, string? BoundarySet, IReadOnlyList<string> BoundarySets);

/// <summary>
/// What the MPS extracts and boundary files are checked against: the wards and boroughs of areas.csv and the
/// MPS categories of offence_categories.csv. A label is looked up by scheme + major label (+ minor label), where a
/// label is a category's name or one of its aliases, compared exactly: a spelling the MPS publishes is either
/// declared or refused, never guessed by folding spaces or case.
/// </summary>
internal sealed class Reference
{
    private const string CategoriesFile = "offence_categories.csv";

    private readonly Dictionary<(string Scheme, string Label), string> _majors = [];
    private readonly Dictionary<(string Scheme, string MajorId, string Label), string> _minors = [];
    /// <summary>Every label of a scheme's majors (MajorId "") or of one major's minors, for the hint of an unknown one.</summary>
    private readonly Dictionary<(string Scheme, string MajorId), List<(string Label, string Id)>> _labels = [];

    public Dictionary<string, Ward> Wards { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> BoroughCodesByName { get; } = new(StringComparer.Ordinal);
    /// <summary>What an MPS file may name as LookUp_BoroughName: a borough's name or alias, or a police unit's
    /// (the aviation command), as published.</summary>
    public Dictionary<string, string> UnitCodesByName { get; } = new(StringComparer.Ordinal);
    /// <summary>The ward boundary sets, oldest first (the order of areas.boundary_set's enum): a newer set's polygon wins.</summary>
    public List<string> BoundarySetOrder { get; } = [];
    /// <summary>Every area's type by code, for boundary files of areas other than wards (boroughs).</summary>
    public Dictionary<string, string> AreaTypes { get; } = new(StringComparer.Ordinal);
    public HashSet<string> SourceIds { get; } = new(StringComparer.Ordinal);

    /// <summary>False when areas.csv or offence_categories.csv could not be read: checks against them are skipped.</summary>
    public bool AreasUsable { get; private set; }
    public bool CategoriesUsable { get; private set; }

    /// <summary>Reads the reference tables; a label that two categories of the same place claim is an error of offence_categories.csv.</summary>
    public static Reference From(LoadedTable? sources, LoadedTable? areas, LoadedTable? categories, ErrorList errors)
    {
        var reference = new Reference();
        if (sources is { Usable: true })
        {
            var id = sources.Schema.IndexOf("id");
            foreach (var row in sources.Rows)
            {
                if (row.Values[id] is string s) reference.SourceIds.Add(s);
            }
        }
        if (areas is { Usable: true })
        {
            reference.AreasUsable = true;
            if (areas.Schema.Field("boundary_set")?.Enum is { } order) reference.BoundarySetOrder.AddRange(order.OfType<string>());
            int code = areas.Schema.IndexOf("code"), name = areas.Schema.IndexOf("name"), type = areas.Schema.IndexOf("type"),
                set = areas.Schema.IndexOf("boundary_set"), sets = areas.Schema.IndexOf("boundary_sets"), aliases = areas.Schema.IndexOf("aliases");
            foreach (var row in areas.Rows)
            {
                if (row.Values[code] is not string c || row.Values[type] is not string t) continue;
                var n = row.Values[name] as string ?? "";
                reference.AreaTypes[c] = t;
                var earliest = set >= 0 ? row.Values[set] as string : null;
                // A package without boundary_sets: the ward is in its one set.
                var all = sets >= 0 && row.Values[sets] is string list
                    ? list.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    : earliest is null ? [] : [earliest];
                if (t == "ward") reference.Wards[c] = new Ward(c, n, earliest, all);
                else if (t is "borough" or "police_unit")
                {
                    if (t == "borough") reference.BoroughCodesByName.TryAdd(n, c);
                    reference.UnitCodesByName.TryAdd(n, c);
                    if (aliases >= 0 && row.Values[aliases] is string a)
                    {
                        foreach (var alias in a.Split('|')) reference.UnitCodesByName.TryAdd(alias, c);
                    }
                }
            }
        }
        if (categories is { Usable: true })
        {
            reference.CategoriesUsable = true;
            reference.ReadCategories(categories, errors);
        }
        return reference;
    }

    private void ReadCategories(LoadedTable categories, ErrorList errors)
    {
        var s = categories.Schema;
        int id = s.IndexOf("id"), scheme = s.IndexOf("scheme"), level = s.IndexOf("level"), name = s.IndexOf("name"),
            parent = s.IndexOf("parent_id"), aliases = s.IndexOf("aliases");
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in categories.Rows)
        {
            if (row.Values[id] is string i) lines.TryAdd(i, row.Line);
        }

        // Majors first, so a minor finds its major whatever the order of the rows.
        foreach (var pass in new[] { "major", "minor" })
        {
            foreach (var row in categories.Rows)
            {
                if (row.Values[level] as string != pass || row.Values[id] is not string i || row.Values[scheme] is not string sc
                    || row.Values[name] is not string n) continue;
                var majorId = "";
                if (pass == "minor")
                {
                    if (row.Values[parent] is not string p) continue;
                    majorId = p;
                }
                var labels = new List<(string Label, int Column)> { (n, name + 1) };
                if (aliases >= 0 && row.Values[aliases] is string a)
                {
                    labels.AddRange(a.Split('|').Select(alias => (alias, aliases + 1)));
                }
                var known = _labels.TryGetValue((sc, majorId), out var list) ? list : _labels[(sc, majorId)] = [];
                foreach (var (label, column) in labels)
                {
                    var claimed = pass == "major" ? _majors.GetValueOrDefault((sc, label)) : _minors.GetValueOrDefault((sc, majorId, label));
                    if (claimed == i) continue;
                    if (claimed is not null)
                    {
                        var of = pass == "major" ? $"major category of scheme {sc}" : $"minor category of {majorId}";
                        errors.Add(categories.File, row.Line, column, s.Fields[column - 1].Name,
                            $"expected a label no other {of} has as its name or alias, found {ImportError.Quote(label)}, already {claimed} (line {lines[claimed]})");
                        continue;
                    }
                    if (pass == "major") _majors[(sc, label)] = i;
                    else _minors[(sc, majorId, label)] = i;
                    known.Add((label, i));
                }
            }
        }
    }

    public bool HasMajor(string scheme, string label) => _majors.ContainsKey((scheme, label));

    /// <summary>The minor category a (major label, minor label) pair of a scheme stands for; null when unknown.</summary>
    public string? Minor(string scheme, string major, string label) =>
        _majors.TryGetValue((scheme, major), out var majorId) ? _minors.GetValueOrDefault((scheme, majorId, label)) : null;

    /// <summary>Why a major label is refused, and what to do about it.</summary>
    public string UnknownMajor(string scheme, string label) =>
        $"expected the name or an alias of a major category of scheme {scheme}, found {ImportError.Quote(label)}{Hint(scheme, "", label)}: {WhatToAdd}";

    /// <summary>Why a minor label is refused (its major label being known), and what to do about it.</summary>
    public string UnknownMinor(string scheme, string major, string label)
    {
        var majorId = _majors[(scheme, major)];
        return $"expected the name or an alias of a minor category of {ImportError.Quote(major)} ({majorId}) in scheme {scheme}, found {ImportError.Quote(label)}{Hint(scheme, majorId, label)}: {WhatToAdd}";
    }

    private const string WhatToAdd = "add it to " + CategoriesFile + " (a new category or an alias)";

    /// <summary>A known label that differs only in spacing or case, named so the publisher can tell a respelling from a new category.</summary>
    private string Hint(string scheme, string majorId, string label)
    {
        if (!_labels.TryGetValue((scheme, majorId), out var known)) return "";
        var spaced = Spaced(label);
        foreach (var (other, id) in known)
        {
            var otherSpaced = Spaced(other);
            if (!string.Equals(otherSpaced, spaced, StringComparison.OrdinalIgnoreCase)) continue;
            var how = otherSpaced == spaced ? "spacing" : other.Length == label.Length && string.Equals(other, label, StringComparison.OrdinalIgnoreCase) ? "case" : "spacing and case";
            return $", which differs only in {how} from {ImportError.Quote(other)} ({id})";
        }
        return "";
    }

    /// <summary>The label with runs of white space as one space and none at the ends.</summary>
    private static string Spaced(string label) => string.Join(' ', label.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
