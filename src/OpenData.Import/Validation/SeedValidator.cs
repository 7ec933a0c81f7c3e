using OpenData.Import.Boundaries;
using OpenData.Import.Build;
using OpenData.Import.Mps;
using OpenData.Import.Package;

namespace OpenData.Import.Validation;

/// <summary>Everything read from seed-data/, checked and ready to be written.</summary>
internal sealed class ValidatedSeed
{
    public required DataPackage Package { get; init; }
    /// <summary>Tabular resources in package order.</summary>
    public required IReadOnlyList<LoadedTable> Tables { get; init; }
    public required IReadOnlyDictionary<string, BoundaryFile.Geometry> Geometries { get; init; }
    /// <summary>Every MPS download (ward and borough files), for crime_counts and downloads.</summary>
    public required CountDownloads Counts { get; init; }
    /// <summary>Newest last-write time of datapackage.json and the files it declares.</summary>
    public required DateTimeOffset SourceLastModified { get; init; }
    public required int FileCount { get; init; }
}

/// <summary>
/// Checks every file of seed-data/ against datapackage.json before anything is written. All errors are
/// collected (up to the cap); any error means nothing is imported.
/// </summary>
internal static class SeedValidator
{
    /// <summary>Store columns the import fills itself rather than from a CSV field.</summary>
    private static readonly HashSet<(string Table, string Column)> DerivedColumns =
    [
        ("crime_figures", "is_current"),
        ("crime_figures", "superseded_by"),
        ("areas", "geometry"),
        ("areas", "number"),
        ("offence_categories", "number"),
    ];


    public static ValidatedSeed? Validate(string directory, StoreModel model, ErrorList errors, Action<string>? log)
    {
        var prefix = DisplayPrefix(directory);
        var packageDisplay = prefix + DataPackage.FileName;
        var package = DataPackage.Load(directory, prefix, errors);
        if (package is null) return null;
        CheckAgainstStore(package, model, packageDisplay, errors);

        var tables = new List<LoadedTable>();
        foreach (var resource in package.Resources.Where(r => r.Layout == Layout.Table))
        {
            var table = TableLoader.Load(resource, directory, prefix, errors);
            tables.Add(table);
            log?.Invoke($"checked {table.File}: {table.Rows.Count:N0} rows");
        }
        var byName = tables.ToDictionary(t => t.Resource.Name);
        TableLoader.CheckForeignKeys(byName, tables, packageDisplay, errors);
        CheckUndeclaredFiles(directory, prefix, package, errors);

        var reference = Reference.From(byName.GetValueOrDefault("sources"), byName.GetValueOrDefault("areas"), byName.GetValueOrDefault("offence_categories"), errors);
        foreach (var resource in package.Resources.Where(r => r.Layout != Layout.Table))
        {
            if (byName.ContainsKey("sources") && byName["sources"].Usable && !reference.SourceIds.Contains(resource.SourceId!))
            {
                errors.Add(packageDisplay, null, null, $"resources[{resource.Index}].opendata:source_id",
                    $"expected an existing sources.id, found {ImportError.Quote(resource.SourceId!)}");
            }
        }

        CheckDocuments(directory, prefix, packageDisplay, package, byName.GetValueOrDefault("sources"), errors);

        var geometries = new Dictionary<string, BoundaryFile.Geometry>(StringComparer.Ordinal);
        foreach (var resource in package.Resources.Where(r => r.Layout == Layout.GeoJsonBoundaries))
        {
            BoundaryFile.Read(resource, directory, prefix, reference, geometries, errors);
        }

        var wardSeries = new List<(string, List<WardExtract>)>();
        foreach (var resource in package.Resources.Where(r => r.Layout == Layout.MpsWardWide))
        {
            if (resource.Schema!.Field("YYYYMM") is null)
            {
                errors.Add(packageDisplay, null, null, $"resources[{resource.Index}].schema.fields", "expected a field named YYYYMM describing the month columns");
                continue;
            }
            var downloads = new List<WardExtract>();
            foreach (var path in resource.Paths)
            {
                var extract = WardExtract.Read(resource, path, directory, prefix, reference, errors);
                if (extract is null) continue;
                var same = downloads.FirstOrDefault(d => d.LastMonth == extract.LastMonth);
                if (same is not null)
                {
                    errors.Add(extract.Display, 1, 5 + extract.MonthCount, MonthColumns.Text(extract.LastMonth),
                        $"expected a download with a last month of its own, found {MonthColumns.Text(extract.LastMonth)} again (the last month of {same.Display})");
                    continue;
                }
                downloads.Add(extract);
                log?.Invoke($"checked {extract.Display}: {extract.RowCount:N0} rows, {extract.Cells:N0} monthly counts, {MonthColumns.Text(extract.FirstMonth)}..{MonthColumns.Text(extract.LastMonth)}, {extract.Scheme}, ward set {extract.WardSet ?? "unknown"}");
                // Summarised: the rows are read again when written, so the import holds one download's at a time.
                extract.DropRows();
            }
            wardSeries.Add((resource.SourceId!, downloads));
        }

        var boroughFiles = new List<(string, string, string, List<BoroughFigure>)>();
        var boroughSeen = new Dictionary<(int, string, string), BoroughFigure>();
        foreach (var resource in package.Resources.Where(r => r.Layout == Layout.MpsBoroughLong))
        {
            foreach (var path in resource.Paths)
            {
                var figures = new List<BoroughFigure>();
                foreach (var figure in BoroughExtract.Read(resource, path, directory, prefix, reference, errors))
                {
                    var id = (figure.Month, figure.AreaCode, figure.CategoryId);
                    if (boroughSeen.TryGetValue(id, out var first))
                    {
                        errors.Add(prefix + path, figure.Line, 1, "Month", $"expected one count per month and category across the borough files, found {MonthColumns.Text(figure.Month)} {figure.CategoryId} again (first in {prefix}{first.RelativePath} on line {first.Line})");
                        continue;
                    }
                    boroughSeen[id] = figure;
                    figures.Add(figure);
                }
                var bytes = File.ReadAllBytes(Path.Combine(directory, path.Replace('/', Path.DirectorySeparatorChar)));
                boroughFiles.Add((resource.SourceId!, path, CountDownloads.Sha256(bytes), figures));
                log?.Invoke($"checked {prefix}{path}");
            }
        }

        SortByFile(errors);
        if (errors.Any) return null;

        var files = package.Resources.SelectMany(r => r.Paths).Append(DataPackage.FileName)
            .Select(p => Path.Combine(directory, p.Replace('/', Path.DirectorySeparatorChar)))
            .ToArray();
        var newest = files.Max(File.GetLastWriteTimeUtc);
        return new ValidatedSeed
        {
            Package = package,
            Tables = tables,
            Geometries = geometries,
            Counts = new CountDownloads(wardSeries, boroughFiles),
            SourceLastModified = new DateTimeOffset(newest, TimeSpan.Zero),
            FileCount = files.Length,
        };
    }

    /// <summary>"seed-data/": errors name files the way a reader of the repository sees them.</summary>
    public static string DisplayPrefix(string directory) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))) + "/";

    /// <summary>Every tabular resource must be a store table whose columns can hold its fields.</summary>
    private static void CheckAgainstStore(DataPackage package, StoreModel model, string display, ErrorList errors)
    {
        foreach (var resource in package.Resources.Where(r => r.Layout == Layout.Table))
        {
            var at = $"resources[{resource.Index}]";
            if (!model.Tables.TryGetValue(resource.Name, out var table) || StoreModel.BookkeepingTables.Contains(resource.Name))
            {
                errors.Add(display, null, null, at + ".name", $"expected the name of a store table, found {ImportError.Quote(resource.Name)}");
                continue;
            }
            var fields = resource.Schema!.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                var column = table.Columns.FirstOrDefault(c => c.Name == field.Name);
                if (column is null)
                {
                    errors.Add(display, null, null, $"{at}.schema.fields[{i}]", $"expected a field with a column in store table {table.Name}, found {ImportError.Quote(field.Name)}");
                }
                else if (!Fits(field.Type, column.Kind))
                {
                    errors.Add(display, null, null, $"{at}.schema.fields[{i}]", $"expected a type that store column {table.Name}.{column.Name} ({column.Kind}) can hold, found {field.Type.ToString().ToLowerInvariant()}");
                }
            }
            foreach (var column in table.Columns.Where(c => !c.Nullable && fields.All(f => f.Name != c.Name) && !DerivedColumns.Contains((table.Name, c.Name))))
            {
                errors.Add(display, null, null, at + ".schema.fields", $"expected a field for the required store column {table.Name}.{column.Name}, found none");
            }
        }
    }

    public static bool Fits(FieldType type, ColumnKind kind) => (type, kind) switch
    {
        (FieldType.String or FieldType.Any or FieldType.YearMonth, ColumnKind.Text) => true,
        (FieldType.Integer or FieldType.Year, ColumnKind.Integer or ColumnKind.Real) => true,
        (FieldType.Number, ColumnKind.Real) => true,
        (FieldType.Boolean, ColumnKind.Boolean) => true,
        (FieldType.Date, ColumnKind.Date) => true,
        _ => false,
    };

    /// <summary>
    /// A CSV or GeoJSON file in a folder of the package that datapackage.json does not declare is an error:
    /// a new MPS download dropped into mps-ward-crime/ must be added to the resource's path list, not ignored.
    /// </summary>
    private static void CheckUndeclaredFiles(string directory, string prefix, DataPackage package, ErrorList errors)
    {
        var declared = package.Resources.SelectMany(r => r.Paths).ToHashSet(StringComparer.Ordinal);
        var folders = declared.Select(p => p.Contains('/') ? p[..p.LastIndexOf('/')] : "").Distinct();
        foreach (var folder in folders.Order(StringComparer.Ordinal))
        {
            var full = Path.Combine(directory, folder.Replace('/', Path.DirectorySeparatorChar));
            if (!Directory.Exists(full)) continue;
            foreach (var file in Directory.EnumerateFiles(full).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase)
                    && !name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)) continue;
                var relative = folder.Length == 0 ? name : $"{folder}/{name}";
                if (!declared.Contains(relative))
                {
                    errors.Add(prefix + relative, null, null, null, "expected every data file to be declared in datapackage.json (add it to a resource's path), found an undeclared file");
                }
            }
        }
    }

    /// <summary>
    /// The document texts: each file's bytes must have the declared SHA-256 (a text edited without updating the
    /// package is noticed here, not by a reader whose link no longer lands) and be UTF-8; each must belong to a
    /// source of kind document, and each such source must have exactly one text, since its rows' locator_url
    /// links into it.
    /// </summary>
    private static void CheckDocuments(string directory, string prefix, string packageDisplay, DataPackage package, LoadedTable? sources, ErrorList errors)
    {
        var documents = package.Resources.Where(r => r.Layout == Layout.Document).ToList();
        foreach (var resource in documents)
        {
            var path = resource.Paths[0];
            var full = Path.Combine(directory, path.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(full))
            {
                errors.Add(prefix + path, null, null, null, "expected the document text declared in datapackage.json, found no such file");
                continue;
            }
            var bytes = File.ReadAllBytes(full);
            var actual = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            if (!string.Equals(actual, resource.Hash, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(prefix + path, null, null, null, $"expected the hash datapackage.json declares ({resource.Hash}), found {actual}: the text changed; check the rows' locators still name its places, then update the hash");
            }
            try
            {
                _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (System.Text.DecoderFallbackException)
            {
                errors.Add(prefix + path, null, null, null, "expected UTF-8 text, found invalid bytes");
            }
        }
        if (sources is not { Usable: true }) return;
        var kind = sources.Resource.Schema!.IndexOf("kind");
        var id = sources.Resource.Schema!.IndexOf("id");
        if (kind < 0 || id < 0) return;
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in sources.Rows) kinds.TryAdd(row.Values[id] as string ?? "", row.Values[kind] as string ?? "");
        foreach (var resource in documents)
        {
            if (kinds.TryGetValue(resource.SourceId!, out var k) && k != "document")
            {
                errors.Add(packageDisplay, null, null, $"resources[{resource.Index}].opendata:source_id",
                    $"expected a source of kind document for a document text, found {ImportError.Quote(resource.SourceId!)} of kind {ImportError.Quote(k)}");
            }
        }
        foreach (var (source, k) in kinds.Where(p => p.Value == "document"))
        {
            var count = documents.Count(r => r.SourceId == source);
            if (count != 1)
            {
                errors.Add(packageDisplay, null, null, "resources",
                    $"expected one document resource (opendata:layout document) for source {ImportError.Quote(source)} of kind document, found {count}");
            }
        }
    }

    /// <summary>Groups the kept errors by file (in order of first appearance), then by line and column.</summary>
    private static void SortByFile(ErrorList errors)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var error in errors.Kept) order.TryAdd(error.File, order.Count);
        errors.Sort((a, b) =>
        {
            var c = order[a.File].CompareTo(order[b.File]);
            if (c != 0) return c;
            c = (a.Line ?? 0).CompareTo(b.Line ?? 0);
            return c != 0 ? c : (a.Column ?? 0).CompareTo(b.Column ?? 0);
        });
    }
}
