using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenData.Import.Validation;

namespace OpenData.Import.Package;

/// <summary>Frictionless Table Schema field types that the import understands.</summary>
internal enum FieldType { String, Integer, Number, Boolean, Date, DateTime, Year, YearMonth, Any }

/// <summary>
/// One field of a Table Schema with its type and constraints, able to check a raw CSV value and turn it into a
/// typed value: string, long (integer, year), double (number), bool, DateOnly (date), DateTimeOffset (datetime).
/// </summary>
internal sealed class FieldSpec
{
    private static readonly string[] DefaultTrueValues = ["true", "True", "TRUE", "1"];
    private static readonly string[] DefaultFalseValues = ["false", "False", "FALSE", "0"];

    public required string Name { get; init; }
    public FieldType Type { get; init; }
    public bool Required { get; init; }
    public bool Unique { get; init; }
    public object?[]? Enum { get; init; }
    public string? EnumText { get; init; }
    public Regex? Pattern { get; init; }
    public string? PatternText { get; init; }
    public IComparable? Minimum { get; init; }
    public string? MinimumText { get; init; }
    public IComparable? Maximum { get; init; }
    public string? MaximumText { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string[] TrueValues { get; init; } = DefaultTrueValues;
    public string[] FalseValues { get; init; } = DefaultFalseValues;

    /// <summary>
    /// Checks a value that is not a missing-value marker. Returns null when it is valid (and sets
    /// <paramref name="value"/>), otherwise the error message in the form "expected ..., found ...".
    /// </summary>
    public string? Check(string raw, out object? value)
    {
        if (!TryParse(raw, out value)) return $"expected {TypeDescription}, found {ImportError.Quote(raw)}";
        return CheckConstraints(raw, value!);
    }

    /// <summary>The message for a missing value, or null when the field may be empty.</summary>
    public string? CheckMissing(string raw) =>
        Required ? (raw.Length == 0 ? "expected a value, found an empty field" : $"expected a value, found the missing-value marker {ImportError.Quote(raw)}") : null;

    public string? CheckConstraints(string raw, object value)
    {
        if (Pattern is not null && !Pattern.IsMatch(raw))
            return $"expected a value matching {PatternText}, found {ImportError.Quote(raw)}";
        if (Enum is not null && Array.IndexOf(Enum, value) < 0)
            return $"expected one of {EnumText}, found {ImportError.Quote(raw)}";
        if (Minimum is not null && ((IComparable)value).CompareTo(Minimum) < 0)
            return $"expected a value of at least {MinimumText}, found {ImportError.Quote(raw)}";
        if (Maximum is not null && ((IComparable)value).CompareTo(Maximum) > 0)
            return $"expected a value of at most {MaximumText}, found {ImportError.Quote(raw)}";
        if (value is string text)
        {
            if (MinLength is { } min && text.Length < min) return $"expected at least {min} characters, found {ImportError.Quote(raw)}";
            if (MaxLength is { } max && text.Length > max) return $"expected at most {max} characters, found {ImportError.Quote(raw)}";
        }
        return null;
    }

    public string TypeDescription => Type switch
    {
        FieldType.Integer => "an integer",
        FieldType.Number => "a number",
        FieldType.Boolean => $"a boolean ({string.Join('/', TrueValues.Take(1).Concat(FalseValues.Take(1)))})",
        FieldType.Date => "a date YYYY-MM-DD",
        FieldType.DateTime => "a date and time YYYY-MM-DDThh:mm:ss",
        FieldType.Year => "a year YYYY",
        FieldType.YearMonth => "a month YYYY-MM",
        _ => "a string",
    };

    public bool TryParse(string raw, out object? value)
    {
        value = null;
        switch (Type)
        {
            case FieldType.String:
            case FieldType.Any:
                value = raw;
                return true;
            case FieldType.Integer:
                if (!IsInteger(raw) || !long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return false;
                value = integer;
                return true;
            case FieldType.Number:
                if (!IsDecimal(raw) || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number)) return false;
                value = number;
                return true;
            case FieldType.Boolean:
                if (Array.IndexOf(TrueValues, raw) >= 0) { value = true; return true; }
                if (Array.IndexOf(FalseValues, raw) >= 0) { value = false; return true; }
                return false;
            case FieldType.Date:
                if (raw.Length != 10 || !DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
                value = date;
                return true;
            case FieldType.DateTime:
                if (!DateTimeOffset.TryParseExact(raw, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"],
                        CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dateTime)) return false;
                value = dateTime;
                return true;
            case FieldType.Year:
                if (raw.Length != 4 || !IsInteger(raw) || raw[0] is '-' or '+') return false;
                value = long.Parse(raw, CultureInfo.InvariantCulture);
                return true;
            case FieldType.YearMonth:
                if (raw.Length != 7 || !DateOnly.TryParseExact(raw + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return false;
                value = raw;
                return true;
            default:
                return false;
        }
    }

    /// <summary>An optional sign then ASCII digits: what Table Schema calls an integer (no spaces, no separators).</summary>
    public static bool IsInteger(ReadOnlySpan<char> raw)
    {
        var start = raw.Length > 0 && (raw[0] == '-' || raw[0] == '+') ? 1 : 0;
        if (raw.Length == start) return false;
        foreach (var c in raw[start..])
        {
            if (c is < '0' or > '9') return false;
        }
        return true;
    }

    /// <summary>Decimal notation with an optional exponent; rejects "8.8%", "1,234", " 5", "NaN" and "Infinity".</summary>
    private static bool IsDecimal(ReadOnlySpan<char> raw)
    {
        var i = 0;
        if (i < raw.Length && (raw[i] == '-' || raw[i] == '+')) i++;
        var digits = 0;
        while (i < raw.Length && char.IsAsciiDigit(raw[i])) { i++; digits++; }
        if (i < raw.Length && raw[i] == '.')
        {
            i++;
            while (i < raw.Length && char.IsAsciiDigit(raw[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < raw.Length && (raw[i] == 'e' || raw[i] == 'E'))
        {
            i++;
            if (i < raw.Length && (raw[i] == '-' || raw[i] == '+')) i++;
            var exponent = 0;
            while (i < raw.Length && char.IsAsciiDigit(raw[i])) { i++; exponent++; }
            if (exponent == 0) return false;
        }
        return i == raw.Length;
    }

    /// <summary>Reads a field object of a Table Schema. Problems are reported with a JSON path.</summary>
    public static FieldSpec? Read(JsonElement json, string path, Action<string, string> error)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("name", out var nameJson) || nameJson.ValueKind != JsonValueKind.String)
        {
            error(path, "expected a field object with a name");
            return null;
        }
        var name = nameJson.GetString()!;
        var typeText = json.TryGetProperty("type", out var typeJson) ? typeJson.GetString() ?? "string" : "string";
        FieldType type;
        switch (typeText)
        {
            case "string": type = FieldType.String; break;
            case "integer": type = FieldType.Integer; break;
            case "number": type = FieldType.Number; break;
            case "boolean": type = FieldType.Boolean; break;
            case "date": type = FieldType.Date; break;
            case "datetime": type = FieldType.DateTime; break;
            case "year": type = FieldType.Year; break;
            case "yearmonth": type = FieldType.YearMonth; break;
            case "any": type = FieldType.Any; break;
            default:
                error(path + ".type", $"expected a supported field type (string, integer, number, boolean, date, datetime, year, yearmonth, any), found {ImportError.Quote(typeText)}");
                return null;
        }
        if (json.TryGetProperty("format", out var format) && format.GetString() is { } formatText && formatText != "default" && formatText != "any")
        {
            error(path + ".format", $"expected the default format, found {ImportError.Quote(formatText)}");
            return null;
        }

        var probe = new FieldSpec { Name = name, Type = type };
        string[]? trueValues = null, falseValues = null;
        if (json.TryGetProperty("trueValues", out var t)) trueValues = t.EnumerateArray().Select(v => v.GetString()!).ToArray();
        if (json.TryGetProperty("falseValues", out var f)) falseValues = f.EnumerateArray().Select(v => v.GetString()!).ToArray();
        if (trueValues is not null || falseValues is not null)
        {
            probe = new FieldSpec { Name = name, Type = type, TrueValues = trueValues ?? DefaultTrueValues, FalseValues = falseValues ?? DefaultFalseValues };
        }

        bool required = false, unique = false;
        object?[]? enumValues = null;
        string? enumText = null;
        Regex? pattern = null;
        string? patternText = null;
        IComparable? minimum = null, maximum = null;
        string? minimumText = null, maximumText = null;
        int? minLength = null, maxLength = null;
        if (json.TryGetProperty("constraints", out var constraints))
        {
            foreach (var constraint in constraints.EnumerateObject())
            {
                var at = $"{path}.constraints.{constraint.Name}";
                switch (constraint.Name)
                {
                    case "required": required = constraint.Value.ValueKind == JsonValueKind.True; break;
                    case "unique": unique = constraint.Value.ValueKind == JsonValueKind.True; break;
                    case "enum":
                        var list = new List<object?>();
                        foreach (var item in constraint.Value.EnumerateArray())
                        {
                            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
                            if (!probe.TryParse(text, out var parsed)) error(at, $"expected enum values of type {typeText}, found {ImportError.Quote(text)}");
                            else list.Add(parsed);
                        }
                        enumValues = list.ToArray();
                        enumText = string.Join(", ", constraint.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? $"\"{v.GetString()}\"" : v.GetRawText()));
                        break;
                    case "pattern":
                        patternText = constraint.Value.GetString()!;
                        try
                        {
                            // Table Schema patterns match the whole value (XML Schema semantics); ECMAScript keeps
                            // \d to ASCII digits; \z rather than $ so a trailing line break does not match.
                            pattern = new Regex($"^(?:{patternText})\\z", RegexOptions.ECMAScript | RegexOptions.CultureInvariant);
                        }
                        catch (ArgumentException e)
                        {
                            error(at, $"expected a regular expression, found {ImportError.Quote(patternText)} ({e.Message})");
                        }
                        break;
                    case "minimum":
                    case "maximum":
                        var bound = constraint.Value.ValueKind == JsonValueKind.String ? constraint.Value.GetString()! : constraint.Value.GetRawText();
                        object? boundValue;
                        if (type == FieldType.Integer && constraint.Value.ValueKind == JsonValueKind.Number && constraint.Value.TryGetInt64(out var integerBound)) boundValue = integerBound;
                        else if (!probe.TryParse(bound, out boundValue) || boundValue is not IComparable)
                        {
                            error(at, $"expected a bound of type {typeText}, found {ImportError.Quote(bound)}");
                            break;
                        }
                        if (constraint.Name == "minimum") { minimum = (IComparable)boundValue!; minimumText = bound; }
                        else { maximum = (IComparable)boundValue!; maximumText = bound; }
                        break;
                    case "minLength": minLength = constraint.Value.GetInt32(); break;
                    case "maxLength": maxLength = constraint.Value.GetInt32(); break;
                    default:
                        error(at, $"expected a supported constraint (required, unique, enum, pattern, minimum, maximum, minLength, maxLength), found {ImportError.Quote(constraint.Name)}");
                        break;
                }
            }
        }

        return new FieldSpec
        {
            Name = name,
            Type = type,
            Required = required,
            Unique = unique,
            Enum = enumValues,
            EnumText = enumText,
            Pattern = pattern,
            PatternText = patternText,
            Minimum = minimum,
            MinimumText = minimumText,
            Maximum = maximum,
            MaximumText = maximumText,
            MinLength = minLength,
            MaxLength = maxLength,
            TrueValues = probe.TrueValues,
            FalseValues = probe.FalseValues,
        };
    }
}
