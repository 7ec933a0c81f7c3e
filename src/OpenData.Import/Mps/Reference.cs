using OpenData.Import.Validation;

namespace OpenData.Import.Mps;

/// <summary>A ward of areas.csv: its boundary set decides which boundary file may carry its polygon.</summary>
/// <summary>A ward of areas.csv: its boundary set decides which boundary file may carry its polygon; its sets (every
/// ward set holding its code) let the import recognise a download's ward set from its codes.</summary>
internal sealed record Ward(string Code, string Name, string? BoundarySet, IReadOnlyList<string> Sets);

/// <summary>
/// What the MPS extracts and boundary files are checked against: the wards and boroughs of areas.csv and the
/// MPS categories of offence_categories.csv, looked up by scheme + major name (+ minor name) exactly as published.
/// </summary>
internal sealed class Reference
{
    private readonly Dictionary<(string Scheme, string Name), string> _majors = [];
    private readonly Dictionary<(string Scheme, string Major, string Name), string> _minors = [];

    public Dictionary<string, Ward> Wards { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> BoroughCodesByName { get; } = new(StringComparer.Ordinal);
    /// <summary>What an MPS file may name as LookUp_BoroughName: a borough's name or alias, or a police unit's
    /// (the aviation command), as published.</summary>
    public Dictionary<string, string> UnitCodesByName { get; } = new(StringComparer.Ordinal);
    public HashSet<string> SourceIds { get; } = new(StringComparer.Ordinal);

    /// <summary>False when areas.csv or offence_categories.csv could not be read: checks against them are skipped.</summary>
    public bool AreasUsable { get; private set; }
    public bool CategoriesUsable { get; private set; }

    public static Reference From(LoadedTable? sources, LoadedTable? areas, LoadedTable? categories)
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
            int code = areas.Schema.IndexOf("code"), name = areas.Schema.IndexOf("name"), type = areas.Schema.IndexOf("type"),
                set = areas.Schema.IndexOf("boundary_set"), sets = areas.Schema.IndexOf("boundary_sets"), aliases = areas.Schema.IndexOf("aliases");
            foreach (var row in areas.Rows)
            {
                if (row.Values[code] is not string c || row.Values[type] is not string t) continue;
                var n = row.Values[name] as string ?? "";
                if (t == "ward")
                {
                    var first = set >= 0 ? row.Values[set] as string : null;
                    var all = sets >= 0 && row.Values[sets] is string list ? list.Split(' ', StringSplitOptions.RemoveEmptyEntries) : first is null ? [] : [first];
                    reference.Wards[c] = new Ward(c, n, first, all);
                }
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
            var s = categories.Schema;
            int id = s.IndexOf("id"), scheme = s.IndexOf("scheme"), level = s.IndexOf("level"), name = s.IndexOf("name"), parent = s.IndexOf("parent_id");
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var row in categories.Rows)
            {
                if (row.Values[id] is string i && row.Values[name] is string n) names[i] = n;
            }
            foreach (var row in categories.Rows)
            {
                if (row.Values[id] is not string i || row.Values[scheme] is not string sc || row.Values[name] is not string n) continue;
                switch (row.Values[level] as string)
                {
                    case "major":
                        reference._majors.TryAdd((sc, n), i);
                        break;
                    case "minor" when row.Values[parent] is string p && names.TryGetValue(p, out var major):
                        reference._minors.TryAdd((sc, major, n), i);
                        break;
                }
            }
        }
        return reference;
    }

    public bool HasMajor(string scheme, string name) => _majors.ContainsKey((scheme, name));

    public string? Minor(string scheme, string major, string name) => _minors.GetValueOrDefault((scheme, major, name));
}
