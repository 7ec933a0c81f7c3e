using OpenData.Import.Validation;

namespace OpenData.Import.Mps;

/// <summary>A ward of areas.csv: its boundary sets decide which boundary files may carry its polygon.</summary>
internal sealed record Ward(string Code, string Name, string? BoundarySet, IReadOnlyList<string> BoundarySets);

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
    /// <summary>The ward boundary sets, oldest first (the order of areas.boundary_set's enum): a newer set's polygon wins.</summary>
    public List<string> BoundarySetOrder { get; } = [];
    /// <summary>Every area's type by code, for boundary files of areas other than wards (boroughs).</summary>
    public Dictionary<string, string> AreaTypes { get; } = new(StringComparer.Ordinal);
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
            if (areas.Schema.Field("boundary_set")?.Enum is { } order) reference.BoundarySetOrder.AddRange(order.OfType<string>());
            int code = areas.Schema.IndexOf("code"), name = areas.Schema.IndexOf("name"), type = areas.Schema.IndexOf("type"),
                set = areas.Schema.IndexOf("boundary_set"), sets = areas.Schema.IndexOf("boundary_sets");
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
                else if (t == "borough") reference.BoroughCodesByName.TryAdd(n, c);
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
