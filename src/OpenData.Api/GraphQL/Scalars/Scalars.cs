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
public static partial class Scalars
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

    /// <summary>An instant with an offset and milliseconds: <c>2025-01-31T09:30:00.000+00:00</c>.</summary>
    public static ScalarType DateTime { get; } = new(
        "DateTime",
        "An instant: date, time with exactly three fractional digits (milliseconds) and UTC offset (RFC 3339, as the date-time scalar specification asks), e.g. `2025-01-31T09:30:00.000+00:00`.",
        serialize: value => value switch
        {
            // The specifiedBy specification asks for milliseconds exactly; REST writes instants the same way.
            DateTimeOffset instant => OpenData.Query.FieldValues.FormatInstant(instant),
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

    /// <summary>As the specification accepts: <c>YYYY-MM-DDTHH:mm:ss.sss</c> and <c>Z</c> or an offset <c>±hh:mm</c>.</summary>
    private static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        return InstantText().IsMatch(text)
            && DateTimeOffset.TryParseExact(text.EndsWith('Z') ? text[..^1] + "+00:00" : text, "yyyy-MM-dd'T'HH:mm:ss.fffzzz",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex InstantText();
}
