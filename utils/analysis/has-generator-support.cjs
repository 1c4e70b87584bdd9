'use strict';
// Stands in for @stdlib/assert-has-generator-support in the extension build (see wxt.config.ts): that module
// tests for generators by evaluating a string, which an extension's content security policy refuses.
module.exports = function hasGeneratorSupport() {
  return true;
};
