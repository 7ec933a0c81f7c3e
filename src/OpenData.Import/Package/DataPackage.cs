using System.Text.Json;
using OpenData.Import.Validation;

namespace OpenData.Import.Package;

/// <summary>How a resource's files are laid out, from the custom <c>opendata:layout</c> property.</summary>
internal enum Layout
{
    /// <summary>A plain tabular CSV whose header is the schema's fields, loaded into the table of the same name.</summary>
    Table,
    /// <summary>MPS ward extract as published: five label columns then one YYYYMM column per month.</summary>
    MpsWardWide,
    /// <summary>MPS borough file as published: one row per month and category.</summary>
    MpsBoroughLong,
    /// <summary>A GeoJSON FeatureCollection of ward polygons, joined to areas on properties.GSS_CODE.</summary>
    GeoJsonBoundaries,
    /// <summary>The plain text of a document source (sources.kind = document), checked against its declared hash;
    /// the API serves it (it is embedded in the build, not written to the store).</summary>
    Document,
}

internal sealed record ForeignKey(string[] Fields, string Resource, string[] ReferenceFields);

internal sealed class TableSchema
{
    public required IReadOnlyList<FieldSpec> Fields { get; init; }
    public required string[] PrimaryKey { get; init; }
    public required IReadOnlyList<ForeignKey> ForeignKeys { get; init; }
    public required string[] MissingValues { get; init; }

    public FieldSpec? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public int IndexOf(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == name) return i;
        }
        return -1;
    }
}

internal sealed class Resource
{
    public required string Name { get; init; }
    public required int Index { get; init; }
    /// <summary>Paths relative to the package folder, with forward slashes, as declared.</summary>
    public required IReadOnlyList<string> Paths { get; init; }
    /// <summary>The <c>opendata:path_pattern</c> the paths were matched with, or null when the package lists them.</summary>
    public string? PathPattern { get; init; }
    public required Layout Layout { get; init; }
    public TableSchema? Schema { get; init; }
    /// <summary><c>opendata:source_id</c>: the sources row that rows imported from this resource cite.</summary>
    public string? SourceId { get; init; }
    /// <summary><c>opendata:target</c>: the dataset the resource is imported into.</summary>
    public string? Target { get; init; }
    /// <summary>Boundary files: <c>opendata:feature_key</c>, the feature property holding the area code (default GSS_CODE).</summary>
    public string FeatureKey { get; init; } = "GSS_CODE";
    /// <summary>Boundary files: <c>opendata:area_type</c>, the type of area every feature must be (default ward).</summary>
    public string AreaType { get; init; } = "ward";
    /// <summary>Ward boundary files: <c>opendata:boundary_set</c>, the ward set the file draws (required for wards).</summary>
    public string? BoundarySet { get; init; }
    /// <summary>Documents: the declared <c>hash</c> (<c>sha256:</c> and 64 hex digits), checked against the file's bytes.</summary>
    public string? Hash { get; init; }
}

/// <summary>The parts of seed-data/datapackage.json that drive validation and import.</summary>
internal sealed class DataPackage
{
    public const string FileName = "datapackage.json";

    public required IReadOnlyList<Resource> Resources { get; init; }

    public Resource? Find(string name) => Resources.FirstOrDefault(r => r.Name == name);

    /// <summary>Reads and checks the descriptor. Returns null when it cannot be used at all.</summary>
    public static DataPackage? Load(string directory, string displayPrefix, ErrorList errors)
    {
        var display = displayPrefix + FileName;
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            errors.Add(display, null, null, null, "expected the data package descriptor, found no such file");
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            errors.Add(display, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, null, $"expected valid JSON: {e.Message.Split(" LineNumber")[0]}");
            return null;
        }

        using (document)
        {
            void Error(string at, string message) => errors.Add(display, null, null, at, message);
            var root = document.RootElement;
            if (!root.TryGetProperty("resources", out var resourcesJson) || resourcesJson.ValueKind != JsonValueKind.Array)
            {
                Error("resources", "expected an array of resources");
                return null;
            }
            var resources = new List<Resource>();
            var index = 0;
            foreach (var json in resourcesJson.EnumerateArray())
            {
                var at = $"resources[{index}]";
                var resource = ReadResource(json, at, index, directory, Error);
                if (resource is not null)
                {
                    if (resources.Any(r => r.Name == resource.Name)) Error(at + ".name", $"expected a unique resource name, found {ImportError.Quote(resource.Name)} again");
                    else resources.Add(resource);
                }
                index++;
            }
            return new DataPackage { Resources = resources };
        }
    }

    /// <summary>
    /// The files of a resource declared by <c>opendata:path_pattern</c> instead of <c>path</c>: a folder and a file name
    /// with one <c>*</c> (e.g. <c>mps-ward-crime/mps_ward_crime_*.csv</c>), matched in ordinal name order, so the next
    /// download is a file copy and not a JSON edit. Every other file of that folder is still undeclared, and an error.
    /// </summary>
    public const string PathPatternProperty = "opendata:path_pattern";

    private static Resource? ReadResource(JsonElement json, string at, int index, string directory, Action<string, string> error)
    {
        if (!json.TryGetProperty("name", out var nameJson) || nameJson.GetString() is not { } name)
        {
            error(at + ".name", "expected a resource name");
            return null;
        }
        var paths = new List<string>();
        string? pattern = null;
        if (json.TryGetProperty("path", out var pathJson))
        {
            if (pathJson.ValueKind == JsonValueKind.String) paths.Add(pathJson.GetString()!);
            else if (pathJson.ValueKind == JsonValueKind.Array) paths.AddRange(pathJson.EnumerateArray().Select(p => p.GetString() ?? ""));
        }
        else if (json.TryGetProperty(PathPatternProperty, out var patternJson) && patternJson.GetString() is { } patternText)
        {
            pattern = patternText;
            var slash = patternText.LastIndexOf('/');
            var folder = slash < 0 ? "" : patternText[..slash];
            var fileName = patternText[(slash + 1)..];
            if (fileName.Count(c => c == '*') != 1 || folder.Contains('*') || Path.IsPathRooted(patternText) || folder.Split('/').Contains("..") || patternText.Contains('\\'))
            {
                error(at + "." + PathPatternProperty, $"expected a folder inside the package and a file name with one *, found {ImportError.Quote(patternText)}");
                return null;
            }
            var star = fileName.IndexOf('*');
            var (head, tail) = (fileName[..star], fileName[(star + 1)..]);
            var full = Path.Combine(directory, folder.Replace('/', Path.DirectorySeparatorChar));
            if (Directory.Exists(full))
            {
                paths.AddRange(Directory.EnumerateFiles(full)
                    .Select(Path.GetFileName)
                    .Where(f => f!.Length >= head.Length + tail.Length && f.StartsWith(head, StringComparison.Ordinal) && f.EndsWith(tail, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .Select(f => folder.Length == 0 ? f! : $"{folder}/{f}"));
            }
            if (paths.Count == 0)
            {
                error(at + "." + PathPatternProperty, $"expected at least one file matching {ImportError.Quote(patternText)}, found none");
                return null;
            }
        }
        if (paths.Count == 0 || paths.Any(p => p.Length == 0))
        {
            error(at + ".path", $"expected a path, a list of paths or an {PathPatternProperty}");
            return null;
        }
        foreach (var path in paths)
        {
            // Paths must stay inside the package folder (Data Package spec: relative, no "..").
            if (Path.IsPathRooted(path) || path.Split('/').Contains("..") || path.Contains('\\') || path.Contains("://"))
            {
                error(at + ".path", $"expected a relative path inside the package, found {ImportError.Quote(path)}");
                return null;
            }
        }
        if (json.TryGetProperty("encoding", out var encoding) && !string.Equals(encoding.GetString(), "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            error(at + ".encoding", $"expected \"utf-8\", found {ImportError.Quote(encoding.GetString() ?? "")}");
        }

        var layoutText = json.TryGetProperty("opendata:layout", out var layoutJson) ? layoutJson.GetString() : null;
        Layout layout;
        switch (layoutText)
        {
            case null: layout = Layout.Table; break;
            case "mps-ward-wide": layout = Layout.MpsWardWide; break;
            case "mps-borough-long": layout = Layout.MpsBoroughLong; break;
            case "geojson-boundaries": layout = Layout.GeoJsonBoundaries; break;
            case "document": layout = Layout.Document; break;
            default:
                error(at + ".opendata:layout", $"expected mps-ward-wide, mps-borough-long, geojson-boundaries or document, found {ImportError.Quote(layoutText)}");
                return null;
        }

        TableSchema? schema = null;
        if (json.TryGetProperty("schema", out var schemaJson))
        {
            schema = ReadSchema(schemaJson, at + ".schema", error);
            if (schema is null) return null;
        }
        else if (layout is not (Layout.GeoJsonBoundaries or Layout.Document))
        {
            error(at + ".schema", "expected a table schema");
            return null;
        }
        if (layout == Layout.Table && paths.Count != 1)
        {
            error(at + ".path", "expected one file for a table resource");
            return null;
        }

        var sourceId = json.TryGetProperty("opendata:source_id", out var sourceJson) ? sourceJson.GetString() : null;
        var target = json.TryGetProperty("opendata:target", out var targetJson) ? targetJson.GetString() : null;
        if (layout != Layout.Table && (sourceId is null || target is null))
        {
            error(at, "expected opendata:source_id and opendata:target for a resource with an opendata:layout");
            return null;
        }
        if (pattern is not null && layout == Layout.Table)
        {
            error(at + "." + PathPatternProperty, "expected a path for a table resource (a pattern declares the downloads of an MPS resource)");
            return null;
        }
        var expectedTarget = layout switch { Layout.MpsWardWide or Layout.MpsBoroughLong => "crime_counts", Layout.GeoJsonBoundaries => "areas", Layout.Document => "sources", _ => null };
        if (expectedTarget is not null && target != expectedTarget)
        {
            error(at + ".opendata:target", $"expected \"{expectedTarget}\" for layout {layoutText}, found {ImportError.Quote(target ?? "")}");
            return null;
        }

        var featureKey = json.TryGetProperty("opendata:feature_key", out var keyJson) ? keyJson.GetString() : null;
        var areaType = json.TryGetProperty("opendata:area_type", out var typeJson) ? typeJson.GetString() : null;
        var boundarySet = json.TryGetProperty("opendata:boundary_set", out var setJson) ? setJson.GetString() : null;
        if (layout == Layout.GeoJsonBoundaries)
        {
            if (paths.Count != 1)
            {
                error(at + ".path", "expected one file for a boundary resource");
                return null;
            }
            if ((areaType ?? "ward") == "ward" && string.IsNullOrEmpty(boundarySet))
            {
                error(at + ".opendata:boundary_set", "expected the ward boundary set the file draws (a value of areas.boundary_set), found none");
                return null;
            }
            if (areaType is not null and not "ward" && boundarySet is not null)
            {
                error(at + ".opendata:boundary_set", $"expected no boundary set for a file of {ImportError.Quote(areaType)} areas (boundary sets are for wards), found {ImportError.Quote(boundarySet)}");
                return null;
            }
        }

        var hash = json.TryGetProperty("hash", out var hashJson) ? hashJson.GetString() : null;
        if (layout == Layout.Document)
        {
            if (paths.Count != 1)
            {
                error(at + ".path", "expected one file for a document resource");
                return null;
            }
            // The hash is what makes a changed text noticed: required, and in the one form the import can check.
            if (hash is null || !hash.StartsWith("sha256:", StringComparison.Ordinal) || hash.Length != 7 + 64 || !hash[7..].All(Uri.IsHexDigit))
            {
                error(at + ".hash", $"expected the document's SHA-256 as \"sha256:\" and 64 hex digits, found {ImportError.Quote(hash ?? "none")}");
                return null;
            }
        }

        return new Resource
        {
            Name = name,
            Index = index,
            Paths = paths,
            PathPattern = pattern,
            Layout = layout,
            Schema = schema,
            SourceId = sourceId,
            Target = target,
            FeatureKey = string.IsNullOrEmpty(featureKey) ? "GSS_CODE" : featureKey,
            AreaType = string.IsNullOrEmpty(areaType) ? "ward" : areaType,
            BoundarySet = boundarySet,
            Hash = hash,
        };
    }

    private static TableSchema? ReadSchema(JsonElement json, string at, Action<string, string> error)
    {
        if (!json.TryGetProperty("fields", out var fieldsJson) || fieldsJson.ValueKind != JsonValueKind.Array)
        {
            error(at + ".fields", "expected an array of fields");
            return null;
        }
        var fields = new List<FieldSpec>();
        var i = 0;
        var ok = true;
        foreach (var fieldJson in fieldsJson.EnumerateArray())
        {
            var field = FieldSpec.Read(fieldJson, $"{at}.fields[{i}]", error);
            if (field is null) ok = false;
            else if (fields.Any(f => f.Name == field.Name))
            {
                error($"{at}.fields[{i}]", $"expected a unique field name, found {ImportError.Quote(field.Name)} again");
                ok = false;
            }
            else fields.Add(field);
            i++;
        }
        if (!ok) return null;

        string[] primaryKey = [];
        if (json.TryGetProperty("primaryKey", out var pk))
        {
            primaryKey = pk.ValueKind == JsonValueKind.String ? [pk.GetString()!] : pk.EnumerateArray().Select(p => p.GetString()!).ToArray();
            foreach (var name in primaryKey.Where(n => fields.All(f => f.Name != n)))
            {
                error(at + ".primaryKey", $"expected a field of the schema, found {ImportError.Quote(name)}");
                ok = false;
            }
        }

        var foreignKeys = new List<ForeignKey>();
        if (json.TryGetProperty("foreignKeys", out var fks))
        {
            var k = 0;
            foreach (var fk in fks.EnumerateArray())
            {
                var fkAt = $"{at}.foreignKeys[{k++}]";
                string[] Names(JsonElement e) => e.ValueKind == JsonValueKind.String ? [e.GetString()!] : e.EnumerateArray().Select(p => p.GetString()!).ToArray();
                if (!fk.TryGetProperty("fields", out var fkFields) || !fk.TryGetProperty("reference", out var reference) || !reference.TryGetProperty("fields", out var refFields))
                {
                    error(fkAt, "expected fields and reference.fields");
                    ok = false;
                    continue;
                }
                var own = Names(fkFields);
                var referenced = Names(refFields);
                var resource = reference.TryGetProperty("resource", out var r) ? r.GetString() ?? "" : "";
                if (own.Length != referenced.Length || own.Any(n => fields.All(f => f.Name != n)))
                {
                    error(fkAt, "expected fields of this schema matching reference.fields one to one");
                    ok = false;
                    continue;
                }
                foreignKeys.Add(new ForeignKey(own, resource, referenced));
            }
        }
        var missing = json.TryGetProperty("missingValues", out var mv) ? mv.EnumerateArray().Select(v => v.GetString()!).ToArray() : [""];
        return ok ? new TableSchema { Fields = fields, PrimaryKey = primaryKey, ForeignKeys = foreignKeys, MissingValues = missing } : null;
    }
}
