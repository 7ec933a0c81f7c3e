namespace OpenData.GraphQL.Types;

/// <summary>
/// Sanity checks run when a <see cref="GraphQLSchema"/> is built. Problems are programming errors in the
/// application's schema, so they throw at start-up rather than surfacing as request errors.
/// </summary>
internal static class SchemaValidation
{
    public static void Validate(GraphQLSchema schema)
    {
        var errors = new List<string>();
        foreach (var type in schema.Types.Values)
        {
            bool isIntrospection = Introspection.IsIntrospectionType(type);
            if (!isIntrospection && type.Name.StartsWith("__", StringComparison.Ordinal))
            {
                errors.Add($"Name \"{type.Name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
            }
            switch (type)
            {
                case ComplexType complex:
                    if (complex.Fields.Count == 0) errors.Add($"Type {type.Name} must define one or more fields.");
                    foreach (var field in complex.FieldList)
                    {
                        if (!field.Type.IsOutputType()) errors.Add($"The type of {type.Name}.{field.Name} must be Output Type but got: {field.Type}.");
                        foreach (var arg in field.Arguments)
                        {
                            if (!arg.Type.IsInputType()) errors.Add($"The type of {type.Name}.{field.Name}({arg.Name}:) must be Input Type but got: {arg.Type}.");
                        }
                    }
                    foreach (var iface in complex.Interfaces) ValidateImplementation(schema, complex, iface, errors);
                    break;
                case UnionType union:
                    if (union.Types.Count == 0) errors.Add($"Union type {union.Name} must define one or more member types.");
                    break;
                case EnumType e:
                    if (!e.Values.Any()) errors.Add($"Enum type {e.Name} must define one or more values.");
                    break;
                case InputObjectType input:
                    if (input.Fields.Count == 0) errors.Add($"Input Object type {input.Name} must define one or more fields.");
                    foreach (var f in input.FieldList)
                    {
                        if (!f.Type.IsInputType()) errors.Add($"The type of {input.Name}.{f.Name} must be Input Type but got: {f.Type}.");
                        if (input.IsOneOf && (f.Type is NonNullType || f.HasDefaultValue))
                            errors.Add($"OneOf input field {input.Name}.{f.Name} must be nullable and must not have a default value.");
                    }
                    break;
            }
        }
        if (errors.Count > 0) throw new InvalidOperationException("Invalid schema:\n" + string.Join("\n", errors));
    }

    private static void ValidateImplementation(GraphQLSchema schema, ComplexType type, InterfaceType iface, List<string> errors)
    {
        foreach (var ifaceField in iface.FieldList)
        {
            var field = type.GetField(ifaceField.Name);
            if (field is null)
            {
                errors.Add($"Interface field {iface.Name}.{ifaceField.Name} expected but {type.Name} does not provide it.");
                continue;
            }
            if (!schema.IsTypeSubTypeOf(field.Type, ifaceField.Type))
            {
                errors.Add($"Interface field {iface.Name}.{ifaceField.Name} expects type {ifaceField.Type} but {type.Name}.{field.Name} is type {field.Type}.");
            }
            foreach (var ifaceArg in ifaceField.Arguments)
            {
                var arg = field.GetArgument(ifaceArg.Name);
                if (arg is null) errors.Add($"Interface field argument {iface.Name}.{ifaceField.Name}({ifaceArg.Name}:) expected but {type.Name}.{field.Name} does not provide it.");
                else if (!arg.Type.Equals(ifaceArg.Type)) errors.Add($"Interface field argument {iface.Name}.{ifaceField.Name}({ifaceArg.Name}:) expects type {ifaceArg.Type} but {type.Name}.{field.Name}({arg.Name}:) is type {arg.Type}.");
            }
        }
        foreach (var transitive in iface.Interfaces)
        {
            if (!type.Interfaces.Contains(transitive))
            {
                errors.Add($"Type {type.Name} must implement {transitive.Name} because it is implemented by {iface.Name}.");
            }
        }
    }
}
