"""Surveys families answer on their phones: builder, answering, results, exports, posters."""
