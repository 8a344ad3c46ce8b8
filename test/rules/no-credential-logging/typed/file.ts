// Stand-in file for type-aware RuleTester cases; the code under test replaces it.
