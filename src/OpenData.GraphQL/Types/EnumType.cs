using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Types;

/// <summary>One value of an enum type.</summary>
public sealed class EnumValueDefinition
{
    /// <summary>Creates an enum value; <paramref name="value"/> is the internal value (defaults to the name).</summary>
    public EnumValueDefinition(string name, object? value = null, string? description = null)
    {
        NameValidation.AssertValidName(name);
        if (name is "true" or "false" or "null") throw new ArgumentException($"Enum values cannot be named: {name}");
        Name = name;
        Value = value ?? name;
        Description = description;
    }

    /// <summary>Name as written in queries and results.</summary>
    public string Name { get; }

    /// <summary>Internal value: what resolvers receive as argument values and may return as results.</summary>
    public object Value { get; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>Deprecation reason, or null.</summary>
    public string? DeprecationReason { get; set; }

    /// <summary>True when <see cref="DeprecationReason"/> is set.</summary>
    public bool IsDeprecated => DeprecationReason is not null;
}

/// <summary>An enum type.</summary>
public sealed class EnumType : NamedType, ILeafType
{
    private readonly OrderedDictionary<string, EnumValueDefinition> _values = new(StringComparer.Ordinal);
    private Dictionary<object, EnumValueDefinition>? _byInternalValue;

    /// <summary>Creates an enum with the given value names (internal value = name).</summary>
    public EnumType(string name, string? description = null, params string[] values) : base(name, description)
    {
        foreach (var v in values) AddValue(new EnumValueDefinition(v));
    }

    /// <summary>
    /// Creates an enum from a CLR enum: names are converted to UPPER_SNAKE_CASE (ReadOnly → READ_ONLY) and the
    /// internal values are the CLR enum members.
    /// </summary>
    public static EnumType FromClrEnum<TEnum>(string? name = null, string? description = null) where TEnum : struct, Enum
    {
        var type = new EnumType(name ?? typeof(TEnum).Name, description);
        foreach (var value in Enum.GetValues<TEnum>()) type.AddValue(new EnumValueDefinition(ToUpperSnake(value.ToString()), value));
        return type;
    }

    internal static string ToUpperSnake(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Enum;

    /// <summary>Values in definition order.</summary>
    public IEnumerable<EnumValueDefinition> Values => _values.Values;

    /// <summary>Finds a value by name.</summary>
    public EnumValueDefinition? GetValue(string name) => _values.GetValueOrDefault(name);

    /// <summary>Adds a value.</summary>
    public EnumValueDefinition AddValue(EnumValueDefinition value)
    {
        if (!_values.TryAdd(value.Name, value)) throw new ArgumentException($"Enum \"{Name}\" already has a value \"{value.Name}\".");
        _byInternalValue = null;
        return value;
    }

    /// <summary>Adds a value and returns this type (fluent style).</summary>
    public EnumType Value(string name, string? description = null, string? deprecationReason = null, object? value = null)
    {
        AddValue(new EnumValueDefinition(name, value, description) { DeprecationReason = deprecationReason });
        return this;
    }

    /// <summary>Serializes an internal value (or a value name) to the value's name.</summary>
    public object? Serialize(object? value)
    {
        if (value is null) return null;
        var map = _byInternalValue;
        if (map is null)
        {
            map = new Dictionary<object, EnumValueDefinition>();
            foreach (var v in _values.Values) map.TryAdd(v.Value, v);
            _byInternalValue = map;
        }
        if (map.TryGetValue(value, out var def)) return def.Name;
        if (value is string s && _values.TryGetValue(s, out def)) return def.Name;
        throw new GraphQLException($"Enum \"{Name}\" cannot represent value: {ValueInspector.Inspect(value)}");
    }

    /// <summary>Coerces a variable value (must be a value name string) to the internal value.</summary>
    public object ParseValue(object? input)
    {
        if (input is not string s)
        {
            var valueStr = ValueInspector.Inspect(input);
            throw new GraphQLException($"Enum \"{Name}\" cannot represent non-string value: {valueStr}." + DidYouMeanValue(valueStr));
        }
        if (_values.TryGetValue(s, out var def)) return def.Value;
        throw new GraphQLException($"Value \"{s}\" does not exist in \"{Name}\" enum." + DidYouMeanValue(s));
    }

    /// <summary>Coerces a literal (must be an enum value node) to the internal value.</summary>
    public object ParseLiteral(ValueNode node)
    {
        if (node is not EnumValueNode e)
        {
            throw new GraphQLException($"Enum \"{Name}\" cannot represent non-enum value: {Printer.Print(node)}." + DidYouMeanValue(Printer.Print(node)));
        }
        if (_values.TryGetValue(e.Value, out var def)) return def.Value;
        throw new GraphQLException($"Value \"{e.Value}\" does not exist in \"{Name}\" enum." + DidYouMeanValue(e.Value));
    }

    private string DidYouMeanValue(string? unknown)
    {
        if (unknown is null) return "";
        var suggestions = Suggestions.SuggestionList(unknown, _values.Keys);
        return Suggestions.DidYouMean("the enum value", suggestions);
    }
}
