using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Types;

/// <summary>Conversions between CLR values, AST value literals and type references.</summary>
public static partial class ValueHelpers
{
    private static readonly Location NoLocation = default;

    [GeneratedRegex("^-?(?:0|[1-9][0-9]*)$")]
    private static partial Regex IntegerString();

    /// <summary>
    /// Produces a value literal for an internal CLR value of an input type (graphql-js astFromValue); used to
    /// print default values. Returns null when the value cannot be represented (e.g. null for a non-null type).
    /// </summary>
    public static ValueNode? AstFromValue(object? value, GraphQLType type)
    {
        if (type is NonNullType nn)
        {
            var ast = AstFromValue(value, nn.OfType);
            return ast is NullValueNode ? null : ast;
        }
        if (value is null) return new NullValueNode(NoLocation);
        if (type is ListType list)
        {
            if (value is IEnumerable items and not string && !IsDictionary(value))
            {
                var nodes = new List<ValueNode>();
                foreach (var item in items)
                {
                    var node = AstFromValue(item, list.OfType);
                    if (node is not null) nodes.Add(node);
                }
                return new ListValueNode(NoLocation, nodes);
            }
            return AstFromValue(value, list.OfType);
        }
        if (type is InputObjectType io)
        {
            if (!TryGetEntries(value, out var lookup)) return null;
            var fields = new List<ObjectFieldNode>();
            foreach (var field in io.FieldList)
            {
                if (!lookup(field.Name, out var fieldValue)) continue;
                var node = AstFromValue(fieldValue, field.Type);
                if (node is not null) fields.Add(new ObjectFieldNode(NoLocation, new NameNode(NoLocation, field.Name), node));
            }
            return new ObjectValueNode(NoLocation, fields);
        }
        if (type is ILeafType leaf)
        {
            var serialized = leaf.Serialize(value);
            switch (serialized)
            {
                case null: return null;
                case bool b: return new BooleanValueNode(NoLocation, b);
                case string s:
                    if (type is EnumType) return new EnumValueNode(NoLocation, s);
                    if (ReferenceEquals(type, ScalarType.ID) && IntegerString().IsMatch(s)) return new IntValueNode(NoLocation, s);
                    return new StringValueNode(NoLocation, s, false);
            }
            if (ScalarType.TryGetNumber(serialized, out var num) && double.IsFinite(num))
            {
                string text = serialized is double or float ? ValueInspector.FormatDouble(num) : Convert.ToString(serialized, CultureInfo.InvariantCulture)!;
                return IntegerString().IsMatch(text) ? new IntValueNode(NoLocation, text) : new FloatValueNode(NoLocation, text);
            }
            throw new InvalidOperationException($"Cannot convert value to AST: {ValueInspector.Inspect(serialized)}.");
        }
        throw new InvalidOperationException("Unexpected input type: " + type);
    }

    private static bool IsDictionary(object value) => value is IDictionary || value is IEnumerable<KeyValuePair<string, object?>>;

    private delegate bool Lookup(string key, out object? value);

    private static bool TryGetEntries(object value, out Lookup lookup)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> ro:
                lookup = ro.TryGetValue;
                return true;
            case IDictionary<string, object?> d:
                lookup = d.TryGetValue;
                return true;
            case IDictionary nd:
                lookup = (string k, out object? v) =>
                {
                    if (nd.Contains(k)) { v = nd[k]; return true; }
                    v = null;
                    return false;
                };
                return true;
            default:
                lookup = null!;
                return false;
        }
    }

    /// <summary>
    /// Converts a literal to a plain CLR value without a type (graphql-js valueFromASTUntyped): ints become
    /// int (or long/double when large), floats double, lists <c>List&lt;object?&gt;</c>, objects
    /// <c>Dictionary&lt;string, object?&gt;</c>, enums their name; variables are looked up.
    /// </summary>
    public static object? ValueFromAstUntyped(ValueNode node, IReadOnlyDictionary<string, object?>? variables = null)
    {
        switch (node)
        {
            case NullValueNode: return null;
            case IntValueNode i:
                if (int.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
                if (long.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                return double.Parse(i.Value, CultureInfo.InvariantCulture);
            case FloatValueNode f: return double.Parse(f.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            case StringValueNode s: return s.Value;
            case EnumValueNode e: return e.Value;
            case BooleanValueNode b: return b.Value;
            case ListValueNode list:
            {
                var result = new List<object?>(list.Values.Count);
                foreach (var v in list.Values) result.Add(ValueFromAstUntyped(v, variables));
                return result;
            }
            case ObjectValueNode obj:
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var f in obj.Fields) result[f.Name.Value] = ValueFromAstUntyped(f.Value, variables);
                return result;
            }
            case VariableNode v:
                return variables is not null && variables.TryGetValue(v.Name.Value, out var value) ? value : null;
            default:
                throw new ArgumentException("Unexpected value node " + node.Kind);
        }
    }

    /// <summary>Resolves a type reference against a schema; null when the named type does not exist.</summary>
    public static GraphQLType? TypeFromAst(GraphQLSchema schema, TypeNode typeNode)
    {
        switch (typeNode)
        {
            case ListTypeNode l:
            {
                var inner = TypeFromAst(schema, l.Type);
                return inner is null ? null : new ListType(inner);
            }
            case NonNullTypeNode nn:
            {
                var inner = TypeFromAst(schema, nn.Type);
                return inner is null || inner is NonNullType ? null : new NonNullType(inner);
            }
            case NamedTypeNode n:
                return schema.GetType(n.Name.Value);
            default:
                return null;
        }
    }
}

public static partial class ValueHelpers
{
    /// <summary>
    /// Coerces a literal to an internal value of <paramref name="type"/> (graphql-js valueFromAST). Variables
    /// must already be coerced; a variable missing from <paramref name="variables"/> counts as not provided.
    /// Returns false when the literal is invalid for the type.
    /// </summary>
    public static bool TryValueFromAst(ValueNode? node, GraphQLType type, IReadOnlyDictionary<string, object?>? variables, out object? result)
    {
        result = null;
        if (node is null) return false;
        if (node is VariableNode variable)
        {
            if (variables is null || !variables.TryGetValue(variable.Name.Value, out var variableValue)) return false;
            if (variableValue is null && type is NonNullType) return false;
            result = variableValue;
            return true;
        }
        if (type is NonNullType nn)
        {
            if (node is NullValueNode) return false;
            return TryValueFromAst(node, nn.OfType, variables, out result);
        }
        if (node is NullValueNode) return true;
        switch (type)
        {
            case ListType list:
            {
                if (node is ListValueNode listNode)
                {
                    var items = new List<object?>(listNode.Values.Count);
                    foreach (var itemNode in listNode.Values)
                    {
                        if (IsMissingVariable(itemNode, variables))
                        {
                            // A missing variable inside a list becomes null, unless the item type is non-null.
                            if (list.OfType is NonNullType) return false;
                            items.Add(null);
                            continue;
                        }
                        if (!TryValueFromAst(itemNode, list.OfType, variables, out var item)) return false;
                        items.Add(item);
                    }
                    result = items;
                    return true;
                }
                // A single value is coerced to a list of one item.
                if (!TryValueFromAst(node, list.OfType, variables, out var single)) return false;
                result = new List<object?> { single };
                return true;
            }
            case InputObjectType io:
            {
                if (node is not ObjectValueNode obj) return false;
                var fieldNodes = new Dictionary<string, ObjectFieldNode>(StringComparer.Ordinal);
                foreach (var f in obj.Fields) fieldNodes.TryAdd(f.Name.Value, f);
                var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in io.FieldList)
                {
                    if (!fieldNodes.TryGetValue(field.Name, out var fieldNode) || IsMissingVariable(fieldNode.Value, variables))
                    {
                        if (field.HasDefaultValue) coerced[field.Name] = field.DefaultValue;
                        else if (field.Type is NonNullType) return false;
                        continue;
                    }
                    if (!TryValueFromAst(fieldNode.Value, field.Type, variables, out var fieldValue)) return false;
                    coerced[field.Name] = fieldValue;
                }
                if (io.IsOneOf)
                {
                    if (coerced.Count != 1) return false;
                    if (coerced.Values.First() is null) return false;
                }
                result = InWrittenOrder(coerced, obj.Fields.Select(f => f.Name.Value));
                return true;
            }
            case EnumType e:
                try
                {
                    result = e.ParseLiteral(node);
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            case ScalarType s:
                try
                {
                    result = s.ParseLiteral(node, variables);
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            default:
                return false;
        }
    }

    /// <summary>
    /// A coerced input object with its fields in the order the client wrote them (AST order for literals, key order
    /// for JSON variables), then the defaulted fields in schema order. The spec leaves the order open; graphql-js
    /// keeps schema order, HotChocolate written order, and resolvers such as a sort whose keys apply in the order
    /// given need it. Coercion itself (and its error order) still walks the schema's fields.
    /// </summary>
    public static Dictionary<string, object?> InWrittenOrder(Dictionary<string, object?> coerced, IEnumerable<string> written)
    {
        var ordered = new Dictionary<string, object?>(coerced.Count, StringComparer.Ordinal);
        foreach (var name in written)
        {
            if (!ordered.ContainsKey(name) && coerced.TryGetValue(name, out var value)) ordered[name] = value;
        }
        foreach (var (name, value) in coerced) ordered.TryAdd(name, value);
        return ordered;
    }

    private static bool IsMissingVariable(ValueNode node, IReadOnlyDictionary<string, object?>? variables)
        => node is VariableNode v && (variables is null || !variables.ContainsKey(v.Name.Value));
}
