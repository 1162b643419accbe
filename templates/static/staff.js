/* Staff pages: keyboard navigation (filled in with the inbox). */
