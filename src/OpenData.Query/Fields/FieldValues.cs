using System.Globalization;

namespace OpenData.Query;

/// <summary>
/// Turns values from the outside (REST query strings, GraphQL arguments, cursors) into the CLR type of a field,
/// and back into text. One place, so <c>2021-01-01</c> or <c>8.8</c> mean the same through every front door.
/// </summary>
public static class FieldValues
{
    /// <summary>Parses the text form of a value of <paramref name="field"/>; throws <see cref="FormatException"/>
    /// with a message fit for a client.</summary>
    public static object Parse(FieldInfo field, string text) => field.Type switch
    {
        FieldType.String => text,
        FieldType.Integer => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? ToClr(field, l) : throw new FormatException($"'{text}' is not an integer."),
        FieldType.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d : throw new FormatException($"'{text}' is not a number."),
        FieldType.Boolean => text switch
        {
            "true" => true,
            "false" => false,
            _ => throw new FormatException($"'{text}' is not a boolean: use true or false."),
        },
        FieldType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : throw new FormatException($"'{text}' is not a date: use YYYY-MM-DD."),
        FieldType.DateTime => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant : throw new FormatException($"'{text}' is not an ISO 8601 date and time."),
        _ => throw new FormatException($"{field.Name} cannot be compared."),
    };

    /// <summary>
    /// Coerces a value that is already typed (GraphQL: string, int, long, double, bool; cursors: JSON primitives)
    /// to the CLR type of the field. Strings are parsed as by <see cref="Parse"/>.
    /// </summary>
    public static object Coerce(FieldInfo field, object value) => value switch
    {
        string s => Parse(field, s),
        int i when field.Type is FieldType.Integer => ToClr(field, i),
        long l when field.Type is FieldType.Integer => ToClr(field, l),
        int i when field.Type is FieldType.Number => (double)i,
        long l when field.Type is FieldType.Number => (double)l,
        double d when field.Type is FieldType.Number && double.IsFinite(d) => d,
        double d when field.Type is FieldType.Integer && d == Math.Floor(d) && Math.Abs(d) < 9e15 => ToClr(field, (long)d),
        bool b when field.Type is FieldType.Boolean => b,
        DateOnly date when field.Type is FieldType.Date => date,
        DateTimeOffset instant when field.Type is FieldType.DateTime => instant,
        _ => throw new FormatException($"{Describe(value)} is not a valid {TypeName(field.Type)} for {field.Name}."),
    };

    /// <summary>The text form of a value, as written in CSV and in cursors.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => FormatInstant(t),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// An instant as every body of the API writes it (REST JSON and CSV, GraphQL's DateTime): UTC, with exactly three
    /// fractional digits, <c>2025-01-31T09:30:00.000+00:00</c> (RFC 3339, as GraphQL's date-time scalar
    /// specification asks). The stored precision is cut (not rounded) to the millisecond.
    /// </summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static string TypeName(FieldType type) => type switch
    {
        FieldType.String => "string",
        FieldType.Integer => "integer",
        FieldType.Number => "number",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        FieldType.DateTime => "datetime",
        _ => "json",
    };

    private static object ToClr(FieldInfo field, long value)
    {
        var target = System.Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        if (target == typeof(int))
        {
            return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new FormatException($"{value} is out of range for {field.Name}.");
        }
        return value;
    }

    private static string Describe(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => $"A {value.GetType().Name}",
    };
}
