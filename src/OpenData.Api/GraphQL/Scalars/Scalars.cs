using System.Globalization;
using System.Text.Json;
using OpenData.GraphQL;
using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;
using OpenData.Query;

namespace OpenData.Api.GraphQL.Scalars;

/// <summary>
/// The custom scalars of the domain schema. Names and specifications follow the GraphQL Scalars project
/// (scalars.graphql.org), which HotChocolate uses too, so clients that know them parse our values as dates.
/// </summary>
public static class Scalars
{
    /// <summary>A calendar date without time or offset: <c>2009-04-01</c>.</summary>
    public static ScalarType LocalDate { get; } = new(
        "LocalDate",
        "A calendar date without a time or an offset, written `YYYY-MM-DD` (ISO 8601), e.g. `2009-04-01`.",
        serialize: value => value switch
        {
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            string text when TryParseDate(text, out _) => text,
            _ => throw new GraphQLException("LocalDate cannot represent value: " + ValueInspector.Inspect(value)),
        },
        parseValue: value => value is string text && TryParseDate(text, out var date)
            ? date
            : throw new GraphQLException("LocalDate cannot represent value: " + ValueInspector.Inspect(value) + "; use YYYY-MM-DD."),
        parseLiteral: (node, _) => node is StringValueNode s && TryParseDate(s.Value, out var date)
            ? date
            : throw new GraphQLException("LocalDate cannot represent value: " + Printer.Print(node) + "; use YYYY-MM-DD."),
        specifiedByUrl: "https://scalars.graphql.org/andimarek/local-date");

    /// <summary>An instant with an offset: <c>2025-01-31T09:30:00+00:00</c>.</summary>
    public static ScalarType DateTime { get; } = new(
        "DateTime",
        "An instant: date, time and UTC offset (RFC 3339), e.g. `2025-01-31T09:30:00+00:00`.",
        serialize: value => value switch
        {
            // The same text the REST API and the CSV export write, so the front doors agree byte for byte.
            DateTimeOffset instant => FieldValues.Format(instant),
            _ => throw new GraphQLException("DateTime cannot represent value: " + ValueInspector.Inspect(value)),
        },
        parseValue: value => value is string text && TryParseInstant(text, out var instant)
            ? instant
            : throw new GraphQLException("DateTime cannot represent value: " + ValueInspector.Inspect(value)),
        parseLiteral: (node, _) => node is StringValueNode s && TryParseInstant(s.Value, out var instant)
            ? instant
            : throw new GraphQLException("DateTime cannot represent value: " + Printer.Print(node)),
        specifiedByUrl: "https://scalars.graphql.org/andimarek/date-time");

    /// <summary>A GeoJSON geometry object (RFC 7946), e.g. a ward's polygon.</summary>
    public static ScalarType GeoJson { get; } = new(
        "GeoJSON",
        "A GeoJSON geometry object (RFC 7946) in WGS 84 longitude/latitude, e.g. `{\"type\": \"Polygon\", \"coordinates\": [...]}`.",
        serialize: SerializeJson,
        parseValue: value => value,
        specifiedByUrl: "https://datatracker.ietf.org/doc/html/rfc7946");

    /// <summary>Any JSON value (used for the per-dataset row counts and change lists of a release).</summary>
    public static ScalarType Json { get; } = new(
        "JSON",
        "Any JSON value (RFC 8259): an object, array, string, number, boolean or null.",
        serialize: SerializeJson,
        parseValue: value => value,
        specifiedByUrl: "https://www.rfc-editor.org/rfc/rfc8259");

    /// <summary>JSON stored as text is written as JSON, not as a string holding JSON.</summary>
    private static object? SerializeJson(object? value) => value switch
    {
        string text => ParseJson(text),
        JsonElement element => element,
        _ => value,
    };

    private static JsonElement ParseJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryParseInstant(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant) && text.Contains('T');
}
