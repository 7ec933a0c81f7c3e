using OpenData.GraphQL.Execution;

namespace OpenData.GraphQL.Types;

/// <summary>Common base of object and interface types: an ordered set of fields and implemented interfaces.</summary>
public abstract class ComplexType : NamedType, ICompositeType
{
    private readonly OrderedDictionary<string, FieldDefinition> _fields = new(StringComparer.Ordinal);
    private readonly List<InterfaceType> _interfaces = [];

    /// <summary>Creates the type.</summary>
    protected ComplexType(string name, string? description) : base(name, description)
    {
    }

    /// <summary>Fields by name, in definition order.</summary>
    public IReadOnlyDictionary<string, FieldDefinition> Fields => _fields;

    /// <summary>Fields in definition order.</summary>
    public IEnumerable<FieldDefinition> FieldList => _fields.Values;

    /// <summary>Interfaces this type implements.</summary>
    public IReadOnlyList<InterfaceType> Interfaces => _interfaces;

    /// <summary>Finds a field by name (no meta fields).</summary>
    public FieldDefinition? GetField(string name) => _fields.GetValueOrDefault(name);

    /// <summary>Adds a field.</summary>
    public FieldDefinition AddField(FieldDefinition field)
    {
        if (!_fields.TryAdd(field.Name, field)) throw new ArgumentException($"Type \"{Name}\" already has a field \"{field.Name}\".");
        return field;
    }

    /// <summary>Adds an implemented interface.</summary>
    public void AddInterface(InterfaceType iface)
    {
        if (!_interfaces.Contains(iface)) _interfaces.Add(iface);
    }
}

/// <summary>An object type: the concrete output type with fields and resolvers.</summary>
public sealed class ObjectType(string name, string? description = null) : ComplexType(name, description)
{
    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Object;

    /// <summary>
    /// Optional test whether a CLR value is of this type; used for abstract types without <see cref="IAbstractType.ResolveType"/>.
    /// </summary>
    public Func<object, bool>? IsTypeOf { get; set; }

    /// <summary>Adds a field and returns this type (fluent style).</summary>
    public ObjectType Field(string name, GraphQLType type, Func<FieldContext, ValueTask<object?>>? resolve = null,
        string? description = null, Action<FieldDefinition>? configure = null)
    {
        var field = AddField(new FieldDefinition(name, type, resolve, description));
        configure?.Invoke(field);
        return this;
    }

    /// <summary>Adds a field with a synchronous resolver and returns this type.</summary>
    public ObjectType Field(string name, GraphQLType type, Func<FieldContext, object?> resolve,
        string? description = null, Action<FieldDefinition>? configure = null)
        => Field(name, type, ctx => new ValueTask<object?>(resolve(ctx)), description, configure);

    /// <summary>Declares that this type implements interfaces; returns this type.</summary>
    public ObjectType Implements(params InterfaceType[] interfaces)
    {
        foreach (var i in interfaces) AddInterface(i);
        return this;
    }
}

/// <summary>An interface type.</summary>
public sealed class InterfaceType(string name, string? description = null) : ComplexType(name, description), IAbstractType
{
    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Interface;

    /// <inheritdoc />
    public Func<object, FieldContext, ObjectType?>? ResolveType { get; set; }

    /// <summary>Adds a field (resolvers on interface fields are ignored; the object type's field is used) and returns this type.</summary>
    public InterfaceType Field(string name, GraphQLType type, string? description = null, Action<FieldDefinition>? configure = null)
    {
        var field = AddField(new FieldDefinition(name, type, null, description));
        configure?.Invoke(field);
        return this;
    }

    /// <summary>Declares that this interface implements other interfaces; returns this type.</summary>
    public InterfaceType Implements(params InterfaceType[] interfaces)
    {
        foreach (var i in interfaces) AddInterface(i);
        return this;
    }
}

/// <summary>A union of object types.</summary>
public sealed class UnionType : NamedType, IAbstractType
{
    private readonly List<ObjectType> _types = [];

    /// <summary>Creates the union.</summary>
    public UnionType(string name, string? description = null, params ObjectType[] types) : base(name, description)
    {
        foreach (var t in types) AddType(t);
    }

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.Union;

    /// <summary>Member types in definition order.</summary>
    public IReadOnlyList<ObjectType> Types => _types;

    /// <inheritdoc />
    public Func<object, FieldContext, ObjectType?>? ResolveType { get; set; }

    /// <summary>Adds a member type.</summary>
    public void AddType(ObjectType type)
    {
        if (!_types.Contains(type)) _types.Add(type);
    }
}

/// <summary>An input object type (arguments with named fields).</summary>
public sealed class InputObjectType(string name, string? description = null) : NamedType(name, description)
{
    private readonly OrderedDictionary<string, InputFieldDefinition> _fields = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.InputObject;

    /// <summary>Input fields by name, in definition order.</summary>
    public IReadOnlyDictionary<string, InputFieldDefinition> Fields => _fields;

    /// <summary>Input fields in definition order.</summary>
    public IEnumerable<InputFieldDefinition> FieldList => _fields.Values;

    /// <summary>
    /// @oneOf: exactly one field must be given, and it must not be null (September 2025 spec addition,
    /// supported by graphql-js 16.9+).
    /// </summary>
    public bool IsOneOf { get; set; }

    /// <summary>Finds a field by name.</summary>
    public InputFieldDefinition? GetField(string name) => _fields.GetValueOrDefault(name);

    /// <summary>Adds a field.</summary>
    public InputFieldDefinition AddField(InputFieldDefinition field)
    {
        if (!_fields.TryAdd(field.Name, field)) throw new ArgumentException($"Type \"{Name}\" already has a field \"{field.Name}\".");
        return field;
    }

    /// <summary>Adds a field and returns this type (fluent style).</summary>
    public InputObjectType Field(string name, GraphQLType type, string? description = null)
    {
        AddField(new InputFieldDefinition(name, type, description));
        return this;
    }

    /// <summary>Adds a field with a default value and returns this type.</summary>
    public InputObjectType Field(string name, GraphQLType type, object? defaultValue, string? description)
    {
        AddField(new InputFieldDefinition(name, type, description) { DefaultValue = defaultValue });
        return this;
    }
}
