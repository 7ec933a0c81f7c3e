// Checks the expectations of the per-rule unit tests against graphql-js 16.
//
//   GRAPHQL_VALIDATION_DUMP=/tmp/rule-tests.jsonl dotnet test tests/OpenData.GraphQL.Tests --filter "FullyQualifiedName~Validation"
//   node check-rule-tests-with-graphql-js.mjs /tmp/rule-tests.jsonl
//
// Each dumped line is one validation with one of our rules; it is repeated with the corresponding graphql-js
// rule. Where graphql-js checks several spec rules in one class, only its messages of our rule's kind count.
// graphql-js is found as in check-with-graphql-js.mjs.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const place = [process.env.GRAPHQL_JS_NODE_MODULES, path.join(process.cwd(), 'node_modules'), path.join(here, 'node_modules'), '/tmp/gqlcheck/node_modules']
  .filter(Boolean).find((p) => existsSync(path.join(p, 'graphql', 'package.json')));
if (!place) { console.error('graphql-js not found; run: cd /tmp/gqlcheck && npm install graphql@16'); process.exit(2); }
const g = createRequire(path.join(place, 'noop.js'))('graphql');

const schema = g.buildSchema(readFileSync(path.join(here, 'schema.graphql'), 'utf8'));
const all = () => true;
// Our rule -> [graphql-js rule, which of its messages belong to our rule]
const rules = {
  ExecutableDefinitionsRule: ['ExecutableDefinitionsRule', all],
  OperationNameUniquenessRule: ['UniqueOperationNamesRule', all],
  LoneAnonymousOperationRule: ['LoneAnonymousOperationRule', all],
  SingleRootFieldRule: ['SingleFieldSubscriptionsRule', all],
  KnownTypeNamesRule: ['KnownTypeNamesRule', all],
  FragmentSpreadTypeExistenceRule: ['KnownTypeNamesRule', all],
  FragmentsOnCompositeTypesRule: ['FragmentsOnCompositeTypesRule', all],
  VariablesAreInputTypesRule: ['VariablesAreInputTypesRule', all],
  LeafFieldSelectionsRule: ['ScalarLeafsRule', all],
  FieldSelectionsRule: ['FieldsOnCorrectTypeRule', all],
  FragmentNameUniquenessRule: ['UniqueFragmentNamesRule', all],
  FragmentSpreadTargetDefinedRule: ['KnownFragmentNamesRule', all],
  FragmentsMustBeUsedRule: ['NoUnusedFragmentsRule', all],
  FragmentSpreadIsPossibleRule: ['PossibleFragmentSpreadsRule', all],
  FragmentsMustNotFormCyclesRule: ['NoFragmentCyclesRule', all],
  VariableUniquenessRule: ['UniqueVariableNamesRule', all],
  AllVariableUsesDefinedRule: ['NoUndefinedVariablesRule', all],
  AllVariablesUsedRule: ['NoUnusedVariablesRule', all],
  DirectivesAreDefinedRule: ['KnownDirectivesRule', (m) => m.startsWith('Unknown directive')],
  DirectivesAreInValidLocationsRule: ['KnownDirectivesRule', (m) => m.includes('may not be used on')],
  DirectivesAreUniquePerLocationRule: ['UniqueDirectivesPerLocationRule', all],
  ArgumentNamesRule: ['KnownArgumentNamesRule', all],
  ArgumentUniquenessRule: ['UniqueArgumentNamesRule', all],
  InputObjectRequiredFieldsRule: ['ValuesOfCorrectTypeRule', (m) => / of required type .* was not provided\.$/.test(m)],
  ValuesOfCorrectTypeRule: ['ValuesOfCorrectTypeRule', (m) => !/ of required type .* was not provided\.$/.test(m) && !/ is not defined by type /.test(m)],
  InputObjectFieldNamesRule: ['ValuesOfCorrectTypeRule', (m) => / is not defined by type /.test(m)],
  RequiredArgumentsRule: ['ProvidedRequiredArgumentsRule', all],
  AllVariableUsagesAreAllowedRule: ['VariablesInAllowedPositionRule', all],
  FieldSelectionMergingRule: ['OverlappingFieldsCanBeMergedRule', all],
  InputObjectFieldUniquenessRule: ['UniqueInputFieldNamesRule', all],
  MaxIntrospectionDepthRule: ['MaxIntrospectionDepthRule', all],
};
// Documents on which our split of a graphql-js rule deliberately leaves part of its messages to another rule.
const typeNameSplit = new Set(['KnownTypeNamesRule', 'FragmentSpreadTypeExistenceRule']);

const format = (e) => e.message + (e.locations ? ' @ ' + e.locations.map((l) => `${l.line}:${l.column}`).join(', ') : '');
let checked = 0, agree = 0, skipped = 0;
const seen = new Set();
for (const line of readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean)) {
  const { rule, document, errors } = JSON.parse(line);
  const key = rule + '\u0000' + document;
  if (seen.has(key)) continue;
  seen.add(key);
  let ref;
  try {
  if (rule === 'all') {
    ref = g.validate(schema, g.parse(document)).map(format);
  } else {
    const [jsRule, mine] = rules[rule] ?? [];
    if (!jsRule) { console.log(`no mapping for ${rule}`); skipped++; continue; }
    ref = g.validate(schema, g.parse(document), [g[jsRule]]).filter((e) => mine(e.message)).map(format);
    if (typeNameSplit.has(rule)) {
      // graphql-js reports variable types and type conditions together; ours split them by position.
      const conditions = new Set();
      g.visit(g.parse(document), {
        enter(node) {
          if ((node.kind === 'InlineFragment' || node.kind === 'FragmentDefinition') && node.typeCondition) {
            const { line, column } = g.getLocation(node.typeCondition.loc.source, node.typeCondition.loc.start);
            conditions.add(`${line}:${column}`);
          }
        },
      });
      const onCondition = (m) => conditions.has(m.slice(m.lastIndexOf(' @ ') + 3));
      ref = ref.filter((m) => (rule === 'FragmentSpreadTypeExistenceRule') === onCondition(m));
    }
  }
  } catch (e) {
    // graphql-js throws from validate() for @skip/@include with a variable on a subscription root field.
    console.log(`graphql-js throws (${e.message}) for ${rule}: ${document}`);
    skipped++;
    continue;
  }
  checked++;
  if (JSON.stringify(ref) === JSON.stringify(errors)) agree++;
  else console.log(`--- ${rule}\n${document}\n  graphql-js: ${JSON.stringify(ref)}\n  ours:       ${JSON.stringify(errors)}`);
}
console.log(`graphql-js ${g.version}: ${checked} rule test validations checked, ${agree} agree${skipped ? `, ${skipped} not comparable` : ''}`);
process.exit(agree === checked ? 0 : 1);
