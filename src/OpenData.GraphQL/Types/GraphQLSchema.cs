using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Types;

/// <summary>
/// A schema: root operation types, every named type reachable from them (plus extra types given), and the
/// directives. The type map's order follows graphql-js (extra types first, then types reachable from the
/// query, mutation and subscription roots, then directive argument types, then the introspection types);
/// introspection's <c>__schema.types</c> and <see cref="SchemaPrinter"/> both use this order.
/// Types must not be changed after the schema is built.
/// </summary>
public sealed class GraphQLSchema
{
    private readonly OrderedDictionary<string, NamedType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DirectiveDefinition> _directivesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (List<ObjectType> Objects, List<InterfaceType> Interfaces)> _implementations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _subTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<ObjectType>> _possibleTypes = new(StringComparer.Ordinal);

    /// <summary>Builds a schema.</summary>
    /// <param name="query">The query root type (required).</param>
    /// <param name="mutation">Mutation root type; this engine does not execute mutations, but the type can be introspected.</param>
    /// <param name="subscription">Subscription root type (not executed either).</param>
    /// <param name="types">Additional types not reachable from the roots (e.g. implementations of an interface).</param>
    /// <param name="directives">Directives; defaults to <see cref="DirectiveDefinition.SpecifiedDirectives"/>.</param>
    /// <param name="description">Schema description.</param>
    public GraphQLSchema(ObjectType query, ObjectType? mutation = null, ObjectType? subscription = null,
        IEnumerable<NamedType>? types = null, IEnumerable<DirectiveDefinition>? directives = null, string? description = null)
    {
        QueryType = query ?? throw new ArgumentNullException(nameof(query));
        MutationType = mutation;
        SubscriptionType = subscription;
        Description = description;
        Directives = (directives ?? DirectiveDefinition.SpecifiedDirectives).ToArray();
        foreach (var d in Directives)
        {
            if (!_directivesByName.TryAdd(d.Name, d)) throw new ArgumentException($"Schema must contain uniquely named directives but contains multiple directives named \"@{d.Name}\".");
        }

        // Same ordering as graphql-js: given types first (each followed by what it references), then roots.
        var seen = new HashSet<NamedType>(ReferenceEqualityComparer.Instance);
        var ordered = new List<NamedType>();
        if (types is not null)
        {
            // graphql-js seeds its ordered set with all given types, then for each given type removes it and
            // re-adds it (at the end) followed by the types it references that are not in the set yet.
            var list = types.ToList();
            foreach (var t in list)
            {
                if (seen.Add(t)) ordered.Add(t);
            }
            foreach (var t in list)
            {
                seen.Remove(t);
                ordered.Remove(t);
                Collect(t, seen, ordered);
            }
        }
        Collect(query, seen, ordered);
        if (mutation is not null) Collect(mutation, seen, ordered);
        if (subscription is not null) Collect(subscription, seen, ordered);
        foreach (var d in Directives)
        {
            foreach (var a in d.Arguments) Collect(a.Type, seen, ordered);
        }
        Collect(Introspection.SchemaType, seen, ordered);

        foreach (var type in ordered)
        {
            if (!_types.TryAdd(type.Name, type))
            {
                throw new ArgumentException($"Schema must contain uniquely named types but contains multiple types named \"{type.Name}\".");
            }
        }

        foreach (var type in ordered)
        {
            if (type is ComplexType complex)
            {
                foreach (var iface in complex.Interfaces)
                {
                    if (!_implementations.TryGetValue(iface.Name, out var impl))
                    {
                        impl = ([], []);
                        _implementations[iface.Name] = impl;
                    }
                    if (type is ObjectType o) impl.Objects.Add(o);
                    else impl.Interfaces.Add((InterfaceType)type);
                }
            }
        }

        SchemaValidation.Validate(this);
    }

    private static void Collect(GraphQLType type, HashSet<NamedType> seen, List<NamedType> ordered)
    {
        var named = type.GetNamedType();
        // Built-in scalars are singletons, but a schema may also define its own type with a built-in name;
        // the duplicate-name check afterwards reports that.
        if (!seen.Add(named)) return;
        ordered.Add(named);
        switch (named)
        {
            case UnionType u:
                foreach (var m in u.Types) Collect(m, seen, ordered);
                break;
            case ComplexType c:
                foreach (var i in c.Interfaces) Collect(i, seen, ordered);
                foreach (var f in c.FieldList)
                {
                    Collect(f.Type, seen, ordered);
                    foreach (var a in f.Arguments) Collect(a.Type, seen, ordered);
                }
                break;
            case InputObjectType io:
                foreach (var f in io.FieldList) Collect(f.Type, seen, ordered);
                break;
        }
    }

    /// <summary>Schema description.</summary>
    public string? Description { get; }

    /// <summary>The query root type.</summary>
    public ObjectType QueryType { get; }

    /// <summary>The mutation root type, or null.</summary>
    public ObjectType? MutationType { get; }

    /// <summary>The subscription root type, or null.</summary>
    public ObjectType? SubscriptionType { get; }

    /// <summary>All named types by name, in type-map order (see class remarks).</summary>
    public IReadOnlyDictionary<string, NamedType> Types => _types;

    /// <summary>All directives.</summary>
    public IReadOnlyList<DirectiveDefinition> Directives { get; }

    /// <summary>Finds a named type.</summary>
    public NamedType? GetType(string name) => _types.GetValueOrDefault(name);

    /// <summary>Finds a directive by name (without @).</summary>
    public DirectiveDefinition? GetDirective(string name) => _directivesByName.GetValueOrDefault(name);

    /// <summary>The root type of an operation type, or null if the schema has none.</summary>
    public ObjectType? GetRootType(OperationType operation) => operation switch
    {
        OperationType.Query => QueryType,
        OperationType.Mutation => MutationType,
        _ => SubscriptionType,
    };

    /// <summary>Object types that may be the runtime type of an abstract type (union members or interface implementations).</summary>
    public IReadOnlyList<ObjectType> GetPossibleTypes(IAbstractType abstractType)
    {
        if (abstractType is UnionType u) return u.Types;
        lock (_possibleTypes)
        {
            if (!_possibleTypes.TryGetValue(abstractType.Name, out var list))
            {
                list = _implementations.TryGetValue(abstractType.Name, out var impl) ? impl.Objects.ToArray() : [];
                _possibleTypes[abstractType.Name] = list;
            }
            return list;
        }
    }

    /// <summary>Object and interface types that directly implement an interface.</summary>
    public (IReadOnlyList<ObjectType> Objects, IReadOnlyList<InterfaceType> Interfaces) GetImplementations(InterfaceType interfaceType)
        => _implementations.TryGetValue(interfaceType.Name, out var impl) ? (impl.Objects, impl.Interfaces) : ([], []);

    /// <summary>
    /// Whether <paramref name="maybeSubType"/> is a possible type of <paramref name="abstractType"/>: a union
    /// member, an object implementing the interface, or an interface implementing it.
    /// </summary>
    public bool IsSubType(IAbstractType abstractType, NamedType maybeSubType)
    {
        HashSet<string>? set;
        lock (_subTypes)
        {
            if (!_subTypes.TryGetValue(abstractType.Name, out set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                if (abstractType is UnionType u)
                {
                    foreach (var t in u.Types) set.Add(t.Name);
                }
                else if (_implementations.TryGetValue(abstractType.Name, out var impl))
                {
                    foreach (var t in impl.Objects) set.Add(t.Name);
                    foreach (var t in impl.Interfaces) set.Add(t.Name);
                }
                _subTypes[abstractType.Name] = set;
            }
        }
        return set.Contains(maybeSubType.Name);
    }

    /// <summary>
    /// Whether <paramref name="maybeSubType"/> can be used where <paramref name="superType"/> is expected
    /// (graphql-js isTypeSubTypeOf: same type, non-null of a subtype, list of subtypes, or possible type of an abstract type).
    /// </summary>
    public bool IsTypeSubTypeOf(GraphQLType maybeSubType, GraphQLType superType)
    {
        if (maybeSubType.Equals(superType)) return true;
        if (superType is NonNullType superNonNull)
        {
            return maybeSubType is NonNullType subNonNull && IsTypeSubTypeOf(subNonNull.OfType, superNonNull.OfType);
        }
        if (maybeSubType is NonNullType nn) return IsTypeSubTypeOf(nn.OfType, superType);
        if (superType is ListType superList)
        {
            return maybeSubType is ListType subList && IsTypeSubTypeOf(subList.OfType, superList.OfType);
        }
        if (maybeSubType is ListType) return false;
        return superType is IAbstractType abs && maybeSubType is InterfaceType or ObjectType && IsSubType(abs, (NamedType)maybeSubType);
    }

    /// <summary>
    /// Whether two composite types can have a common object type (graphql-js doTypesOverlap), used to check
    /// that fragments can apply.
    /// </summary>
    public bool DoTypesOverlap(NamedType typeA, NamedType typeB)
    {
        if (ReferenceEquals(typeA, typeB)) return true;
        if (typeA is IAbstractType a)
        {
            if (typeB is IAbstractType b)
            {
                foreach (var t in GetPossibleTypes(a)) if (IsSubType(b, t)) return true;
                return false;
            }
            return IsSubType(a, typeB);
        }
        if (typeB is IAbstractType b2) return IsSubType(b2, typeA);
        return false;
    }

    /// <summary>
    /// Looks up a field of a composite type including the meta fields: <c>__typename</c> on any composite
    /// type and <c>__schema</c>/<c>__type</c> on the query root type. Returns null when there is no such field.
    /// </summary>
    public FieldDefinition? GetFieldDefinition(NamedType parentType, string fieldName)
    {
        if (fieldName.Length > 1 && fieldName[0] == '_' && fieldName[1] == '_')
        {
            if (fieldName == "__typename" && parentType is ICompositeType) return Introspection.TypeNameMetaField;
            if (ReferenceEquals(parentType, QueryType))
            {
                if (fieldName == "__schema") return Introspection.SchemaMetaField;
                if (fieldName == "__type") return Introspection.TypeMetaField;
            }
        }
        return parentType is ComplexType c ? c.GetField(fieldName) : null;
    }
}
