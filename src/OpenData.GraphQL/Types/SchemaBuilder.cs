using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Types;

/// <summary>
/// Builds a <see cref="GraphQLSchema"/> from SDL (graphql-js buildSchema), mainly for tests and tools.
/// Fields get no resolvers (the default resolver reads properties / dictionary entries); set
/// <see cref="FieldDefinition.Resolve"/> afterwards if needed. Supports descriptions, default values,
/// @deprecated, @specifiedBy, @oneOf, custom directive definitions, schema definitions and extensions.
/// </summary>
public static class SchemaBuilder
{
    /// <summary>Parses and builds a schema.</summary>
    public static GraphQLSchema FromSdl(string sdl) => FromDocument(Parser.Parse(sdl));

    /// <summary>Builds a schema from a parsed SDL document.</summary>
    public static GraphQLSchema FromDocument(DocumentNode document)
    {
        var typeDefs = new List<TypeDefinitionNode>();
        var extensions = new Dictionary<string, List<TypeDefinitionNode>>(StringComparer.Ordinal);
        var directiveDefs = new List<DirectiveDefinitionNode>();
        SchemaDefinitionNode? schemaDef = null;
        var schemaExtensions = new List<SchemaExtensionNode>();
        foreach (var def in document.Definitions)
        {
            switch (def)
            {
                case SchemaExtensionNode se: schemaExtensions.Add(se); break;
                case SchemaDefinitionNode sd: schemaDef = sd; break;
                case TypeDefinitionNode td when td.IsExtension:
                    if (!extensions.TryGetValue(td.Name.Value, out var list)) extensions[td.Name.Value] = list = [];
                    list.Add(td);
                    break;
                case TypeDefinitionNode td: typeDefs.Add(td); break;
                case DirectiveDefinitionNode dd: directiveDefs.Add(dd); break;
            }
        }

        var types = new Dictionary<string, NamedType>(StringComparer.Ordinal);
        foreach (var s in ScalarType.SpecifiedScalars) types[s.Name] = s;
        var ordered = new List<NamedType>();
        foreach (var def in typeDefs)
        {
            var name = def.Name.Value;
            NamedType type = def switch
            {
                ScalarTypeDefinitionNode when types.TryGetValue(name, out var builtIn) && builtIn is ScalarType { IsSpecified: true } => builtIn,
                ScalarTypeDefinitionNode s => new ScalarType(name, s.Description?.Value, specifiedByUrl: SpecifiedByUrl(s.Directives)),
                ObjectTypeDefinitionNode o => new ObjectType(name, o.Description?.Value),
                InterfaceTypeDefinitionNode i => new InterfaceType(name, i.Description?.Value),
                UnionTypeDefinitionNode u => new UnionType(name, u.Description?.Value),
                EnumTypeDefinitionNode e => new EnumType(name, e.Description?.Value),
                InputObjectTypeDefinitionNode io => new InputObjectType(name, io.Description?.Value) { IsOneOf = HasDirective(io.Directives, "oneOf") },
                _ => throw new InvalidOperationException("Unknown type definition " + def.Kind),
            };
            if (!types.TryAdd(name, type) && !(type is ScalarType { IsSpecified: true }))
            {
                throw new InvalidOperationException($"Type \"{name}\" was defined more than once.");
            }
            ordered.Add(type);
        }

        GraphQLType Resolve(TypeNode node) => node switch
        {
            NonNullTypeNode nn => new NonNullType(Resolve(nn.Type)),
            ListTypeNode l => new ListType(Resolve(l.Type)),
            NamedTypeNode n => types.TryGetValue(n.Name.Value, out var t) ? t : throw new InvalidOperationException($"Unknown type \"{n.Name.Value}\"."),
            _ => throw new InvalidOperationException(),
        };

        T Named<T>(NamedTypeNode node) where T : NamedType
            => Resolve(node) as T ?? throw new InvalidOperationException($"Type \"{node.Name.Value}\" is not a {typeof(T).Name}.");

        // Default values are coerced after every type is complete: a default may use enum values or input
        // fields (and their own defaults) of types defined later in the document.
        var pendingDefaults = new List<(InputValueDefinition Target, ValueNode Node, InputObjectType? Owner)>();

        ArgumentDefinition BuildArgument(InputValueDefinitionNode node)
        {
            var arg = new ArgumentDefinition(node.Name.Value, Resolve(node.Type), node.Description?.Value)
            {
                DeprecationReason = DeprecationReason(node.Directives),
            };
            if (node.DefaultValue is not null) pendingDefaults.Add((arg, node.DefaultValue, null));
            return arg;
        }

        InputFieldDefinition BuildInputField(InputValueDefinitionNode node, InputObjectType owner)
        {
            var field = new InputFieldDefinition(node.Name.Value, Resolve(node.Type), node.Description?.Value)
            {
                DeprecationReason = DeprecationReason(node.Directives),
            };
            if (node.DefaultValue is not null) pendingDefaults.Add((field, node.DefaultValue, owner));
            return field;
        }

        void AddFields(ComplexType type, IReadOnlyList<NamedTypeNode> interfaces, IReadOnlyList<FieldDefinitionNode> fields)
        {
            foreach (var i in interfaces) type.AddInterface(Named<InterfaceType>(i));
            foreach (var f in fields)
            {
                var field = new FieldDefinition(f.Name.Value, Resolve(f.Type), null, f.Description?.Value)
                {
                    DeprecationReason = DeprecationReason(f.Directives),
                };
                foreach (var a in f.Arguments) field.Argument(BuildArgument(a));
                type.AddField(field);
            }
        }

        void Populate(TypeDefinitionNode def)
        {
            var type = types[def.Name.Value];
            switch (def)
            {
                case ObjectTypeDefinitionNode o: AddFields((ComplexType)type, o.Interfaces, o.Fields); break;
                case InterfaceTypeDefinitionNode i: AddFields((ComplexType)type, i.Interfaces, i.Fields); break;
                case UnionTypeDefinitionNode u:
                    foreach (var m in u.Types) ((UnionType)type).AddType(Named<ObjectType>(m));
                    break;
                case EnumTypeDefinitionNode e:
                    foreach (var v in e.Values)
                    {
                        ((EnumType)type).AddValue(new EnumValueDefinition(v.Name.Value, null, v.Description?.Value) { DeprecationReason = DeprecationReason(v.Directives) });
                    }
                    break;
                case InputObjectTypeDefinitionNode io:
                    foreach (var f in io.Fields) ((InputObjectType)type).AddField(BuildInputField(f, (InputObjectType)type));
                    if (HasDirective(io.Directives, "oneOf")) ((InputObjectType)type).IsOneOf = true;
                    break;
                case ScalarTypeDefinitionNode s when type is ScalarType scalar && !scalar.IsSpecified:
                    scalar.SpecifiedByUrl ??= SpecifiedByUrl(s.Directives);
                    break;
            }
        }

        foreach (var def in typeDefs) Populate(def);
        foreach (var (name, list) in extensions)
        {
            if (!types.ContainsKey(name)) throw new InvalidOperationException($"Cannot extend type \"{name}\" because it is not defined.");
            foreach (var ext in list) Populate(ext);
        }

        var directives = new List<DirectiveDefinition>();
        var directiveArguments = directiveDefs.Select(dd => dd.Arguments.Select(BuildArgument).ToArray()).ToList();

        // Input object defaults first, each input type after the input types its fields use (graphql-js gets the
        // same effect from lazily evaluated field thunks).
        var done = new HashSet<InputObjectType>();
        void CompleteInputDefaults(InputObjectType type)
        {
            if (!done.Add(type)) return;
            foreach (var field in type.FieldList)
            {
                if (field.Type.GetNamedType() is InputObjectType nested) CompleteInputDefaults(nested);
            }
            foreach (var pending in pendingDefaults.Where(p => p.Owner == type)) ApplyDefault(pending.Target, pending.Node);
        }
        void ApplyDefault(InputValueDefinition target, ValueNode node)
        {
            if (target.Type.GetNamedType() is InputObjectType input) CompleteInputDefaults(input);
            if (!ValueHelpers.TryValueFromAst(node, target.Type, null, out var value))
                throw new InvalidOperationException($"Invalid default value {Printer.Print(node)} for \"{target.Name}\".");
            target.SetDefaultValue(value);
        }
        foreach (var type in ordered.OfType<InputObjectType>()) CompleteInputDefaults(type);
        foreach (var pending in pendingDefaults.Where(p => p.Owner is null)) ApplyDefault(pending.Target, pending.Node);

        for (int d = 0; d < directiveDefs.Count; d++)
        {
            var dd = directiveDefs[d];
            var locations = dd.Locations.Select(l => DirectiveLocationNames.TryParse(l.Value, out var loc) ? loc : throw new InvalidOperationException()).ToList();
            var directive = new DirectiveDefinition(dd.Name.Value, dd.Description?.Value, locations, directiveArguments[d])
            {
                IsRepeatable = dd.Repeatable,
            };
            directives.Add(directive);
        }
        foreach (var specified in DirectiveDefinition.SpecifiedDirectives)
        {
            if (directives.All(d => d.Name != specified.Name)) directives.Add(specified);
        }

        ObjectType? query = null, mutation = null, subscription = null;
        var operationTypes = new List<OperationTypeDefinitionNode>();
        if (schemaDef is not null) operationTypes.AddRange(schemaDef.OperationTypes);
        foreach (var se in schemaExtensions) operationTypes.AddRange(se.OperationTypes);
        if (schemaDef is null && schemaExtensions.Count == 0)
        {
            query = types.GetValueOrDefault("Query") as ObjectType;
            mutation = types.GetValueOrDefault("Mutation") as ObjectType;
            subscription = types.GetValueOrDefault("Subscription") as ObjectType;
        }
        foreach (var ot in operationTypes)
        {
            var t = Named<ObjectType>(ot.Type);
            switch (ot.Operation)
            {
                case OperationType.Query: query = t; break;
                case OperationType.Mutation: mutation = t; break;
                default: subscription = t; break;
            }
        }
        if (query is null) throw new InvalidOperationException("The schema has no query type.");
        return new GraphQLSchema(query, mutation, subscription, ordered, directives, schemaDef?.Description?.Value);
    }

    private static bool HasDirective(IReadOnlyList<DirectiveNode> directives, string name) => directives.Any(d => d.Name.Value == name);

    private static string? DeprecationReason(IReadOnlyList<DirectiveNode> directives)
    {
        var deprecated = directives.FirstOrDefault(d => d.Name.Value == "deprecated");
        if (deprecated is null) return null;
        var reason = deprecated.Arguments.FirstOrDefault(a => a.Name.Value == "reason");
        return reason?.Value is StringValueNode s ? s.Value : DirectiveDefinition.DefaultDeprecationReason;
    }

    private static string? SpecifiedByUrl(IReadOnlyList<DirectiveNode> directives)
    {
        var d = directives.FirstOrDefault(x => x.Name.Value == "specifiedBy");
        return d?.Arguments.FirstOrDefault(a => a.Name.Value == "url")?.Value is StringValueNode s ? s.Value : null;
    }
}
