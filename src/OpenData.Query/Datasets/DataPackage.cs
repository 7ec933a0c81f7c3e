using System.Text.Json;

namespace OpenData.Query;

/// <summary>
/// The parts of seed-data/datapackage.json the API publishes: titles, descriptions, field types, descriptions and
/// examples, foreign keys, licences. Embedded at build time, as the entities and DTOs are compiled from the same
/// package; the import records the package it validated in the store, and readiness (/ready) refuses a store built
/// from another one, so the API only ever describes the package of the data it serves.
/// </summary>
public sealed record DataPackage
{
    private static readonly Lazy<DataPackage> Embedded = new(() =>
    {
        using var stream = typeof(DataPackage).Assembly.GetManifestResourceStream("OpenData.Query.datapackage.json")
            ?? throw new InvalidOperationException("datapackage.json is not embedded in OpenData.Query.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        using var document = JsonDocument.Parse(bytes);
        return Read(document.RootElement) with { Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) };
    });

    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<PackageLicence> Licences { get; init; }
    public required IReadOnlyList<PackageResource> Resources { get; init; }

    /// <summary>SHA-256 (hex, lower case) of the file's bytes, as the import records it in the store's
    /// <c>data_package</c>; empty for a package not read from a file.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>The data package this build was made with.</summary>
    public static DataPackage Current => Embedded.Value;

    public PackageResource? FindResource(string name) => Resources.FirstOrDefault(r => r.Name == name);

    public static DataPackage Read(JsonElement root)
    {
        return new DataPackage
        {
            Name = Text(root, "name") ?? "",
            Title = Text(root, "title") ?? "",
            Description = Text(root, "description") ?? "",
            Licences = ReadLicences(root),
            Resources = root.TryGetProperty("resources", out var resources)
                ? resources.EnumerateArray().Select(ReadResource).ToList()
                : [],
        };
    }

    private static PackageResource ReadResource(JsonElement resource)
    {
        var fields = new List<PackageField>();
        if (resource.TryGetProperty("schema", out var schema) && schema.TryGetProperty("fields", out var fieldList))
        {
            foreach (var field in fieldList.EnumerateArray())
            {
                fields.Add(new PackageField(Text(field, "name") ?? "", Text(field, "type") ?? "string", Text(field, "description") ?? "", EnumOf(field), ExampleOf(field)));
            }
        }
        var foreignKeys = new List<PackageForeignKey>();
        if (resource.TryGetProperty("schema", out var keySchema) && keySchema.TryGetProperty("foreignKeys", out var keys) && keys.ValueKind == JsonValueKind.Array)
        {
            foreach (var key in keys.EnumerateArray())
            {
                // Single-field keys only: every relation of the package is one column naming another row's key.
                var reference = key.GetProperty("reference");
                foreignKeys.Add(new PackageForeignKey(FirstName(key.GetProperty("fields")), Text(reference, "resource") ?? "",
                    FirstName(reference.GetProperty("fields")), Text(key, "opendata:inverse"), Text(key, "opendata:inverse_description")));
            }
        }
        var paths = resource.TryGetProperty("path", out var path)
            ? path.ValueKind == JsonValueKind.Array ? path.EnumerateArray().Select(p => p.GetString() ?? "").ToList() : [path.GetString() ?? ""]
            : new List<string>();
        return new PackageResource(
            Text(resource, "name") ?? "",
            Text(resource, "title") ?? Text(resource, "name") ?? "",
            Text(resource, "description") ?? "",
            paths,
            fields,
            ReadLicences(resource),
            foreignKeys)
        {
            Layout = Text(resource, "opendata:layout"),
            SourceId = Text(resource, "opendata:source_id"),
            Hash = Text(resource, "hash"),
        };
    }

    private static List<PackageLicence> ReadLicences(JsonElement element) =>
        element.TryGetProperty("licenses", out var licences)
            ? licences.EnumerateArray().Select(l => new PackageLicence(Text(l, "name") ?? "", Text(l, "title"), Text(l, "path"))).ToList()
            : [];

    /// <summary><c>constraints.enum</c> as text (the values the import accepts), or null for an open field.</summary>
    private static IReadOnlyList<string>? EnumOf(JsonElement field) =>
        field.TryGetProperty("constraints", out var constraints) && constraints.ValueKind == JsonValueKind.Object
            && constraints.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList()
            : null;

    /// <summary>The field's <c>example</c> as text (a value that occurs in the published data), or null.</summary>
    private static string? ExampleOf(JsonElement field) =>
        field.TryGetProperty("example", out var example) && example.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? example.ValueKind == JsonValueKind.String ? example.GetString() : example.GetRawText()
            : null;

    private static string FirstName(JsonElement fields) =>
        fields.ValueKind == JsonValueKind.Array ? fields.EnumerateArray().First().GetString() ?? "" : fields.GetString() ?? "";

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public sealed record PackageLicence(string Name, string? Title, string? Path);

/// <summary>A field of a resource's table schema.</summary>
/// <param name="Name">The CSV field name.</param>
/// <param name="Type">The Table Schema type.</param>
/// <param name="Description">As published.</param>
/// <param name="Enum">The closed set of values <c>constraints.enum</c> allows (the import refuses anything else); null when open.</param>
/// <param name="Example">A value that occurs in the published data (<c>example</c>), as text; null when none is given.</param>
public sealed record PackageField(string Name, string Type, string Description, IReadOnlyList<string>? Enum = null, string? Example = null);

/// <summary>A foreign key of a resource's table schema: <paramref name="Field"/> holds the
/// <paramref name="ReferenceField"/> of a row of <paramref name="Resource"/>.</summary>
/// <param name="Field">The referring field.</param>
/// <param name="Resource">The referenced resource.</param>
/// <param name="ReferenceField">The referenced resource's key field.</param>
/// <param name="Inverse">The name of the relation seen from the referenced row (<c>opendata:inverse</c>), when the
/// rule (the referring resource's name; <c>children</c> for a parent key within one resource) does not fit.</param>
/// <param name="InverseDescription">What a reader of the referenced row should know about the inverse relation
/// (<c>opendata:inverse_description</c>), added to its generated description; null when nothing.</param>
public sealed record PackageForeignKey(string Field, string Resource, string ReferenceField, string? Inverse, string? InverseDescription);

public sealed record PackageResource(string Name, string Title, string Description, IReadOnlyList<string> Paths,
    IReadOnlyList<PackageField> Fields, IReadOnlyList<PackageLicence> Licences, IReadOnlyList<PackageForeignKey> ForeignKeys)
{
    public PackageField? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary><c>opendata:layout</c>: how the file is laid out (null for a plain table; <c>document</c> for a
    /// source's text).</summary>
    public string? Layout { get; init; }

    /// <summary><c>opendata:source_id</c>: the source the file's rows (or text) belong to.</summary>
    public string? SourceId { get; init; }

    /// <summary><c>hash</c> as declared (<c>sha256:</c>…), which the import checks against the file.</summary>
    public string? Hash { get; init; }
}
