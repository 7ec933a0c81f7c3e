using System.Globalization;
using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Types;

/// <summary>
/// A scalar type. Built-ins: <see cref="Int"/>, <see cref="Float"/>, <see cref="String"/>, <see cref="Boolean"/>,
/// <see cref="ID"/>. Custom scalars supply serialize / parse-value / parse-literal functions that throw
/// <see cref="GraphQLException"/> (or any exception) for invalid values.
/// </summary>
public sealed class ScalarType : NamedType, ILeafType
{
    private readonly Func<object?, object?> _serialize;
    private readonly Func<object?, object?> _parseValue;
    private readonly Func<ValueNode, IReadOnlyDictionary<string, object?>?, object?>? _parseLiteral;

    /// <summary>
    /// Creates a scalar. Without functions, values pass through unchanged; without <paramref name="parseLiteral"/>,
    /// literals are converted to plain CLR values and given to <paramref name="parseValue"/>.
    /// </summary>
    public ScalarType(string name, string? description = null,
        Func<object?, object?>? serialize = null,
        Func<object?, object?>? parseValue = null,
        Func<ValueNode, IReadOnlyDictionary<string, object?>?, object?>? parseLiteral = null,
        string? specifiedByUrl = null) : base(name, description)
    {
        _serialize = serialize ?? (v => v);
        _parseValue = parseValue ?? (v => v);
        _parseLiteral = parseLiteral;
        SpecifiedByUrl = specifiedByUrl;
    }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Scalar;

    /// <summary>URL of the scalar's specification (@specifiedBy), or null.</summary>
    public string? SpecifiedByUrl { get; set; }

    /// <summary>True for Int, Float, String, Boolean and ID.</summary>
    public bool IsSpecified => ReferenceEquals(this, Int) || ReferenceEquals(this, Float) || ReferenceEquals(this, String)
        || ReferenceEquals(this, Boolean) || ReferenceEquals(this, ID);

    /// <summary>Converts a resolver result to a JSON-ready value.</summary>
    public object? Serialize(object? value) => _serialize(value);

    /// <summary>Coerces a variable value (plain CLR value from JSON) to the internal value.</summary>
    public object? ParseValue(object? value) => _parseValue(value);

    /// <summary>Coerces a literal (variables inside lists/objects are looked up in <paramref name="variables"/>).</summary>
    public object? ParseLiteral(ValueNode node, IReadOnlyDictionary<string, object?>? variables = null)
        => _parseLiteral is not null ? _parseLiteral(node, variables) : _parseValue(ValueHelpers.ValueFromAstUntyped(node, variables));

    private const string IntDescription = "The `Int` scalar type represents non-fractional signed whole numeric values. Int can represent values between -(2^31) and 2^31 - 1.";
    private const string FloatDescription = "The `Float` scalar type represents signed double-precision fractional values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point).";
    private const string StringDescription = "The `String` scalar type represents textual data, represented as UTF-8 character sequences. The String type is most often used by GraphQL to represent free-form human-readable text.";
    private const string BooleanDescription = "The `Boolean` scalar type represents `true` or `false`.";
    private const string IdDescription = "The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `\"4\"`) or integer (such as `4`) input value will be accepted as an ID.";

    // Boxed small integers are reused so that serializing common Int values does not allocate.
    private static readonly object[] SmallInts = Enumerable.Range(-128, 1152).Select(i => (object)i).ToArray();

    internal static object BoxInt(int value) => value >= -128 && value < 1024 ? SmallInts[value + 128] : value;

    /// <summary>The built-in 32-bit signed integer scalar.</summary>
    public static ScalarType Int { get; } = new("Int", IntDescription, SerializeInt, ParseIntValue, ParseIntLiteral);

    /// <summary>The built-in double precision scalar.</summary>
    public static ScalarType Float { get; } = new("Float", FloatDescription, SerializeFloat, ParseFloatValue, ParseFloatLiteral);

    /// <summary>The built-in string scalar.</summary>
    public static ScalarType String { get; } = new("String", StringDescription, SerializeString, ParseStringValue, ParseStringLiteral);

    /// <summary>The built-in boolean scalar.</summary>
    public static ScalarType Boolean { get; } = new("Boolean", BooleanDescription, SerializeBoolean, ParseBooleanValue, ParseBooleanLiteral);

    /// <summary>The built-in ID scalar (serialized as a string; accepts string or integer input).</summary>
    public static ScalarType ID { get; } = new("ID", IdDescription, SerializeId, ParseIdValue, ParseIdLiteral);

    /// <summary>The five built-in scalars in the order graphql-js lists them.</summary>
    public static IReadOnlyList<ScalarType> SpecifiedScalars { get; } = [String, Int, Float, Boolean, ID];

    private static string Inspect(object? v) => ValueInspector.Inspect(v);

    /// <summary>Tries to read a CLR value as a double (any numeric type).</summary>
    internal static bool TryGetNumber(object? value, out double number)
    {
        switch (value)
        {
            case int i: number = i; return true;
            case long l: number = l; return true;
            case double d: number = d; return true;
            case float f: number = f; return true;
            case decimal m: number = (double)m; return true;
            case short s: number = s; return true;
            case byte b: number = b; return true;
            case sbyte sb: number = sb; return true;
            case uint ui: number = ui; return true;
            case ulong ul: number = ul; return true;
            case ushort us: number = us; return true;
            default: number = 0; return false;
        }
    }

    private static bool IsInteger(double d) => !double.IsInfinity(d) && !double.IsNaN(d) && Math.Floor(d) == d;

    private static object? SerializeInt(object? value)
    {
        if (value is int i) return BoxInt(i);
        if (value is bool b) return BoxInt(b ? 1 : 0);
        double num;
        if (value is string s && s.Length > 0)
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out num))
                throw new GraphQLException("Int cannot represent non-integer value: " + Inspect(value));
        }
        else if (!TryGetNumber(value, out num))
        {
            throw new GraphQLException("Int cannot represent non-integer value: " + Inspect(value));
        }
        if (!IsInteger(num)) throw new GraphQLException("Int cannot represent non-integer value: " + Inspect(value));
        if (num > int.MaxValue || num < int.MinValue) throw new GraphQLException("Int cannot represent non 32-bit signed integer value: " + Inspect(value));
        return BoxInt((int)num);
    }

    private static object? ParseIntValue(object? value)
    {
        if (value is int) return value;
        if (!TryGetNumber(value, out var num) || !IsInteger(num))
            throw new GraphQLException("Int cannot represent non-integer value: " + Inspect(value));
        if (num > int.MaxValue || num < int.MinValue)
            throw new GraphQLException("Int cannot represent non 32-bit signed integer value: " + Inspect(value));
        return BoxInt((int)num);
    }

    private static object? ParseIntLiteral(ValueNode node, IReadOnlyDictionary<string, object?>? variables)
    {
        if (node is not IntValueNode i) throw new GraphQLException("Int cannot represent non-integer value: " + Printer.Print(node));
        if (!int.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw new GraphQLException("Int cannot represent non 32-bit signed integer value: " + i.Value);
        return BoxInt(n);
    }

    private static object? SerializeFloat(object? value)
    {
        if (value is double d0 && double.IsFinite(d0)) return d0;
        if (value is bool b) return b ? 1.0 : 0.0;
        double num;
        if (value is string s && s.Length > 0)
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out num))
                throw new GraphQLException("Float cannot represent non numeric value: " + Inspect(value));
        }
        else if (!TryGetNumber(value, out num))
        {
            throw new GraphQLException("Float cannot represent non numeric value: " + Inspect(value));
        }
        if (!double.IsFinite(num)) throw new GraphQLException("Float cannot represent non numeric value: " + Inspect(value));
        return num;
    }

    private static object? ParseFloatValue(object? value)
    {
        if (!TryGetNumber(value, out var num) || !double.IsFinite(num))
            throw new GraphQLException("Float cannot represent non numeric value: " + Inspect(value));
        return num;
    }

    private static object? ParseFloatLiteral(ValueNode node, IReadOnlyDictionary<string, object?>? variables)
    {
        string text = node switch
        {
            FloatValueNode f => f.Value,
            IntValueNode i => i.Value,
            _ => throw new GraphQLException("Float cannot represent non numeric value: " + Printer.Print(node)),
        };
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static object? SerializeString(object? value)
    {
        switch (value)
        {
            case string s: return s;
            case bool b: return b ? "true" : "false";
            case Guid g: return g.ToString();
            case char c: return c.ToString();
            case DateTime dt: return dt.ToString("O", CultureInfo.InvariantCulture);
            case DateTimeOffset dto: return dto.ToString("O", CultureInfo.InvariantCulture);
            case DateOnly d: return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case Enum e: return e.ToString();
        }
        if (TryGetNumber(value, out var num) && double.IsFinite(num))
        {
            return value is double or float ? ValueInspector.FormatDouble(num) : Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        throw new GraphQLException("String cannot represent value: " + Inspect(value));
    }

    private static object? ParseStringValue(object? value)
    {
        if (value is string) return value;
        throw new GraphQLException("String cannot represent a non string value: " + Inspect(value));
    }

    private static object? ParseStringLiteral(ValueNode node, IReadOnlyDictionary<string, object?>? variables)
    {
        if (node is StringValueNode s) return s.Value;
        throw new GraphQLException("String cannot represent a non string value: " + Printer.Print(node));
    }

    private static readonly object True = true;
    private static readonly object False = false;

    private static object? SerializeBoolean(object? value)
    {
        if (value is bool b) return b ? True : False;
        if (TryGetNumber(value, out var num) && double.IsFinite(num)) return num != 0 ? True : False;
        throw new GraphQLException("Boolean cannot represent a non boolean value: " + Inspect(value));
    }

    private static object? ParseBooleanValue(object? value)
    {
        if (value is bool b) return b ? True : False;
        throw new GraphQLException("Boolean cannot represent a non boolean value: " + Inspect(value));
    }

    private static object? ParseBooleanLiteral(ValueNode node, IReadOnlyDictionary<string, object?>? variables)
    {
        if (node is BooleanValueNode b) return b.Value ? True : False;
        throw new GraphQLException("Boolean cannot represent a non boolean value: " + Printer.Print(node));
    }

    private static object? SerializeId(object? value)
    {
        switch (value)
        {
            case string s: return s;
            case Guid g: return g.ToString();
        }
        if (TryGetNumber(value, out var num) && IsInteger(num))
        {
            return value is double or float ? ValueInspector.FormatDouble(num) : Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        throw new GraphQLException("ID cannot represent value: " + Inspect(value));
    }

    private static object? ParseIdValue(object? value)
    {
        if (value is string) return value;
        if (TryGetNumber(value, out var num) && IsInteger(num))
        {
            return value is double or float ? ValueInspector.FormatDouble(num) : Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        throw new GraphQLException("ID cannot represent value: " + Inspect(value));
    }

    private static object? ParseIdLiteral(ValueNode node, IReadOnlyDictionary<string, object?>? variables) => node switch
    {
        StringValueNode s => s.Value,
        IntValueNode i => i.Value,
        _ => throw new GraphQLException("ID cannot represent a non-string and non-integer value: " + Printer.Print(node)),
    };
}
