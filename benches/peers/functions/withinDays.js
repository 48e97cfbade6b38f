// The incident report of an evidence record is dated at most options.days days after arrival.
export default (input, options) => {
  const arrival = input && input.arrival && input.arrival.date;
  const report = input && input.incident_report && input.incident_report.date;
  if (arrival === undefined || report === undefined) return;
  const days = (new Date(report) - new Date(arrival)) / 86400000;
  if (days > options.days) {
    return [{ message: `incident report ${days} days after arrival` }];
  }
};
