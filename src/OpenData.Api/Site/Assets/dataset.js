// Dataset pages: the filter form submits the grammar's own parameter (field or field__op) instead of
// filter_field/filter_op/filter_value, so the URL is the canonical query without the server's redirect; the operator
// list offers only what the chosen field accepts. Without this script the form still works (the page redirects).
(function () {
  'use strict';
  var form = document.querySelector('form.query');
  if (!form) return;
  var field = form.elements.namedItem('filter_field');
  var op = form.elements.namedItem('filter_op');
  var value = form.elements.namedItem('filter_value');
  var search = form.elements.namedItem('q');

  function offerOperators() {
    var option = field.options[field.selectedIndex];
    var ops = option && option.dataset.ops ? option.dataset.ops.split(' ') : null;
    for (var i = 0; i < op.options.length; i++) {
      var allowed = !ops || ops.indexOf(op.options[i].value) >= 0;
      op.options[i].disabled = !allowed;
      op.options[i].hidden = !allowed;
    }
    if (op.selectedOptions.length && op.selectedOptions[0].disabled) op.value = ops ? ops[0] : 'eq';
  }

  field.addEventListener('change', offerOperators);
  offerOperators();

  form.addEventListener('submit', function () {
    if (field.value) {
      var option = field.options[field.selectedIndex];
      var name = op.value === 'eq' ? option.dataset.eq : field.value + '__' + op.value;
      // A filter parameter may be given once: the new value replaces the one the page carried.
      var carried = form.querySelectorAll('input[type=hidden]');
      for (var i = 0; i < carried.length; i++) {
        if (carried[i].name === name) carried[i].remove();
      }
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value.value;
      form.appendChild(input);
    }
    field.disabled = true;
    op.disabled = true;
    value.disabled = true;
    if (search && !search.value.trim()) search.disabled = true;
  });
})();
