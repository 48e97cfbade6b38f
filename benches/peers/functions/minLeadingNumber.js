// `50 cycles/min` -> 50; a result when it is below options.min.
export default (input, options) => {
  const value = parseFloat(String(input));
  if (!Number.isNaN(value) && value < options.min) {
    return [{ message: `measured ${value}, below ${options.min}` }];
  }
};
