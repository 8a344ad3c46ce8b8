;; Byte scanning in WebAssembly SIMD, 16 bytes per step instead of one: the pre-filter
;; every chunk of every file goes through, and the line count chunked readers carry.
;;
;; It answers, for bytes already in this module's memory, exactly what the portable
;; TypeScript in byte-prefilter.ts answers (`hasPlainCandidate` and `longBase64Runs`);
;; test/core/simd-kernel.test.ts holds the two to each other on generated input.
;;
;; A template: packages/core/build/assemble-kernel.mjs fills each `{{…}}` slot from the one
;; table of the kernel's memory layout, verdict flags and limits
;; (packages/core/build/kernel-table.mjs), which simd-kernel.ts reads too, then assembles
;; the module (wabt) at build time. simd-kernel.ts writes the tables once, from the grammar.
(module
  ;; Sized by simd-kernel.ts; where everything sits in it is kernel-table.mjs's.
  (import "kernel" "memory" (memory 1))

  (func $isBase64 (param $b i32) (result i32)
    (i32.and
      (i32.load8_u offset={{BASE64_LOW_NIBBLES}} (i32.and (local.get $b) (i32.const 15)))
      (i32.load8_u offset={{BASE64_HIGH_NIBBLES}} (i32.shr_u (local.get $b) (i32.const 4)))))

  ;; [0-9A-Fa-f]
  (func $isHex (param $c i32) (result i32)
    (i32.or
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))
      (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x61)) (i32.const 6))))

  ;; Bytes s+1 and s+2 are known to be `k` and `_`/`-`. A candidate when byte s is `s` or
  ;; `r` and a token may start there: the grammar's boundaries, loosened as in
  ;; byte-prefilter.ts's isPlainCandidateAt (a non-word byte, or a `\n`, `\r`, `\t`,
  ;; `\0`, `%XX`, `=XX`, `\xXX`, `\uXXXX` escape, escaped backslashes not told apart).
  ;; A quoted-printable soft break (`=\n`, `=\r\n`) may split the prefix: a line feed at
  ;; s may end one (`s=\r\nk_`: the letter before the break is looked at instead); a `k`
  ;; at s (the block's `k=` test) may stand before one (`sk=\r\n_`: then the `_` or `-`
  ;; after it is checked, within the len bytes, and the letter before the `k`).
  (func $plainAt (param $p i32) (param $s i32) (param $len i32) (result i32)
    (local $at i32) (local $c i32) (local $before i32)
    (local.set $at (i32.add (local.get $p) (local.get $s)))
    (local.set $c (i32.load8_u (local.get $at)))
    (if (i32.eq (local.get $c) (i32.const 0x6b)) (then
      (if (i32.eqz (local.get $s)) (then (return (i32.const 0))))
      (if (i32.ge_u (i32.add (local.get $s) (i32.const 3)) (local.get $len)) (then (return (i32.const 0))))
      (if (i32.ne (i32.load8_u offset=1 (local.get $at)) (i32.const 0x3d)) (then (return (i32.const 0))))
      (local.set $before (i32.add (local.get $s) (i32.const 2)))
      (if (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $before))) (i32.const 0x0d))
        (then (local.set $before (i32.add (local.get $before) (i32.const 1)))))
      (if (i32.ge_u (i32.add (local.get $before) (i32.const 1)) (local.get $len)) (then (return (i32.const 0))))
      (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $before))) (i32.const 0x0a)) (then (return (i32.const 0))))
      (local.set $c (i32.load8_u offset=1 (i32.add (local.get $p) (local.get $before))))
      (if (i32.and (i32.ne (local.get $c) (i32.const 0x5f)) (i32.ne (local.get $c) (i32.const 0x2d))) (then (return (i32.const 0))))
      (return (call $plainAt (local.get $p) (i32.sub (local.get $s) (i32.const 1)) (local.get $len)))))
    (if (i32.eq (local.get $c) (i32.const 0x0a)) (then
      (if (i32.lt_u (local.get $s) (i32.const 2)) (then (return (i32.const 0))))
      (local.set $before (i32.load8_u (i32.sub (local.get $at) (i32.const 1))))
      (if (i32.eq (local.get $before) (i32.const 0x0d)) (then
        (if (i32.lt_u (local.get $s) (i32.const 3)) (then (return (i32.const 0))))
        (local.set $s (i32.sub (local.get $s) (i32.const 1)))
        (local.set $at (i32.sub (local.get $at) (i32.const 1)))
        (local.set $before (i32.load8_u (i32.sub (local.get $at) (i32.const 1))))))
      (if (i32.ne (local.get $before) (i32.const 0x3d)) (then (return (i32.const 0))))
      (return (call $plainAt (local.get $p) (i32.sub (local.get $s) (i32.const 2)) (local.get $len)))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 0x73)) (i32.ne (local.get $c) (i32.const 0x72)))
      (then (return (i32.const 0))))
    (if (i32.eqz (local.get $s)) (then (return (i32.const 1))))
    (local.set $before (i32.load8_u (i32.sub (local.get $at) (i32.const 1))))
    (if (i32.eqz (i32.load8_u offset={{WORD_CLASS}} (local.get $before)))
      (then (return (i32.const 1))))
    (if (i32.ge_u (local.get $s) (i32.const 2)) (then
      (if (i32.and
            (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 2))) (i32.const 0x5c))
            (i32.or
              (i32.or (i32.eq (local.get $before) (i32.const 0x6e)) (i32.eq (local.get $before) (i32.const 0x72)))
              (i32.or (i32.eq (local.get $before) (i32.const 0x74)) (i32.eq (local.get $before) (i32.const 0x30)))))
        (then (return (i32.const 1))))))
    (if (i32.eqz (call $isHex (local.get $before))) (then (return (i32.const 0))))
    ;; An `=XX` a soft break splits (`=3=\r\nDsk_`, `==\r\n3Dsk_`): one ends two or three back.
    (if (i32.ge_u (local.get $s) (i32.const 3)) (then
      (if (i32.or
            (call $softBreakEndsAt (i32.sub (local.get $at) (i32.const 2)) (i32.sub (local.get $s) (i32.const 2)))
            (call $softBreakEndsAt (i32.sub (local.get $at) (i32.const 3)) (i32.sub (local.get $s) (i32.const 3))))
        (then (return (i32.const 1))))))
    (if (i32.ge_u (local.get $s) (i32.const 3)) (then
      (if (i32.and
            (i32.or
              (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 3))) (i32.const 0x25))
              (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 3))) (i32.const 0x3d)))
            (call $isHex (i32.load8_u (i32.sub (local.get $at) (i32.const 2)))))
        (then (return (i32.const 1))))))
    (if (i32.ge_u (local.get $s) (i32.const 4)) (then
      (if (i32.and
            (i32.and
              (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 4))) (i32.const 0x5c))
              (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 3))) (i32.const 0x78)))
            (call $isHex (i32.load8_u (i32.sub (local.get $at) (i32.const 2)))))
        (then (return (i32.const 1))))))
    (if (i32.ge_u (local.get $s) (i32.const 6)) (then
      (if (i32.and
            (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 6))) (i32.const 0x5c))
            (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 5))) (i32.const 0x75)))
        (then (return (i32.const 1))))))
    (i32.const 0))

  ;; Whether a quoted-printable soft break (`=\n`, `=\r\n`) ends with the line feed at
  ;; absolute address at, which is byte s of the bytes scanned.
  (func $softBreakEndsAt (param $at i32) (param $s i32) (result i32)
    (if (i32.lt_s (local.get $s) (i32.const 1)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x0a)) (then (return (i32.const 0))))
    (if (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 1))) (i32.const 0x3d)) (then (return (i32.const 1))))
    (if (i32.lt_s (local.get $s) (i32.const 2)) (then (return (i32.const 0))))
    (i32.and
      (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 1))) (i32.const 0x0d))
      (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 2))) (i32.const 0x3d))))

  ;; A candidate at s in a binary's bytes: `sk_`, `sk-`, `rk_` or `rk-`. It needs no
  ;; boundary before it (a length or type byte that reads as a letter often stands right
  ;; before a string: SQLite records, MessagePack, protobuf), but random bytes hold `sk_`
  ;; about once in 4 MiB, so it needs what no random bytes hold: MIN_BINARY_TAIL token
  ;; characters ([A-Za-z0-9_-]) after the prefix, or the end of the bytes before them.
  ;; Glued to a word byte, where text would see no boundary, it needs a random body
  ;; (find-keys.ts's `randomGluedBody`).
  (func $binaryAt (param $p i32) (param $s i32) (param $len i32) (result i32)
    (local $c i32) (local $at i32) (local $end i32)
    (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $s))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 0x73)) (i32.ne (local.get $c) (i32.const 0x72)))
      (then (return (i32.const 0))))
    ;; Only `sk_`, `sk-`, `rk_`, `rk-` whole: a quoted-printable soft break is text's, not a binary's.
    (if (i32.ne (i32.load8_u offset=1 (i32.add (local.get $p) (local.get $s))) (i32.const 0x6b))
      (then (return (i32.const 0))))
    (local.set $c (i32.load8_u offset=2 (i32.add (local.get $p) (local.get $s))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 0x5f)) (i32.ne (local.get $c) (i32.const 0x2d)))
      (then (return (i32.const 0))))
    (if (i32.eqz (call $plainAt (local.get $p) (local.get $s) (local.get $len)))
      (then (return (call $randomBody (local.get $p) (i32.add (local.get $s) (i32.const 3)) (local.get $len)))))
    (local.set $at (i32.add (local.get $s) (i32.const 3)))
    (local.set $end (i32.add (local.get $at) (i32.const {{MIN_BINARY_TAIL}})))
    (block $short
      (loop $tail
        (br_if $short (i32.ge_u (local.get $at) (local.get $len)))
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 1))))
        (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $at))))
        (if (i32.and
              (i32.eqz (i32.load8_u offset={{WORD_CLASS}} (local.get $c)))
              (i32.ne (local.get $c) (i32.const 0x2d)))
          (then (return (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $tail)))
    ;; The bytes end inside the tail: the rest may follow in the next chunk.
    (i32.const 1))

  ;; Whether a run of GLUED_BODY_MIN to GLUED_BODY_MAX letters and digits starts at p + at,
  ;; with a digit, two capitals and two small letters in it (or the bytes end before
  ;; it does): find-keys.ts's `randomGluedBody`, which says why.
  (func $randomBody (param $p i32) (param $at i32) (param $len i32) (result i32)
    (local $i i32) (local $c i32) (local $digits i32) (local $upper i32) (local $lower i32)
    (local.set $i (local.get $at))
    (block $ended
      (loop $body
        (if (i32.ge_u (local.get $i) (local.get $len)) (then (return (i32.const 1))))
        (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (br_if $ended (i32.or
          (i32.eqz (i32.load8_u offset={{WORD_CLASS}} (local.get $c)))
          (i32.eq (local.get $c) (i32.const 0x5f))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))
          (then (local.set $digits (i32.add (local.get $digits) (i32.const 1)))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x41)) (i32.const 26))
          (then (local.set $upper (i32.add (local.get $upper) (i32.const 1)))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26))
          (then (local.set $lower (i32.add (local.get $lower) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $ended (i32.gt_u (i32.sub (local.get $i) (local.get $at)) (i32.const {{GLUED_BODY_MAX}})))
        (br $body)))
    (i32.and
      (i32.and
        (i32.ge_u (i32.sub (local.get $i) (local.get $at)) (i32.const {{GLUED_BODY_MIN}}))
        (i32.le_u (i32.sub (local.get $i) (local.get $at)) (i32.const {{GLUED_BODY_MAX}})))
      (i32.and
        (i32.ge_u (local.get $digits) (i32.const 1))
        (i32.and (i32.ge_u (local.get $upper) (i32.const 2)) (i32.ge_u (local.get $lower) (i32.const 2))))))

  ;; A plain candidate at p + s, as `scan`'s mode reads the bytes.
  (func $candidateAt (param $p i32) (param $s i32) (param $len i32) (param $mode i32) (result i32)
    (if (result i32) (i32.and (local.get $mode) (i32.const {{MODE_BINARY}}))
      (then (call $binaryAt (local.get $p) (local.get $s) (local.get $len)))
      (else (call $plainAt (local.get $p) (local.get $s) (local.get $len)))))

  ;; Whether the absolute range [s, e) holds one of the signatures. Runs this long are
  ;; rare outside base64 data, so plain byte-by-byte code is enough here; the pair test
  ;; keeps a run of one signature's first letter (`cccc…`) from trying every signature at
  ;; every byte. Signatures are at least two bytes long (simd-kernel.ts checks).
  (func $hasSignature (param $s i32) (param $e i32) (result i32)
    (local $n i32) (local $k i32) (local $sig i32) (local $len i32) (local $j i32)
    (local.set $n (i32.load (i32.const {{SIGNATURE_COUNT}})))
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (i32.add (local.get $s) (i32.const 1)) (local.get $e)))
        (if (i32.and
              (i32.and (i32.load8_u offset={{SIGNATURE_LETTERS}} (i32.load8_u (local.get $s))) (i32.const 1))
              (i32.shr_u (i32.load8_u offset={{SIGNATURE_LETTERS}} (i32.load8_u offset=1 (local.get $s))) (i32.const 1))) (then
          (local.set $k (i32.const 0))
          (block $noMore (loop $signatures
            (br_if $noMore (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $sig (i32.add (i32.const {{SIGNATURES}}) (i32.mul (local.get $k) (i32.const {{SIGNATURE_STRIDE}}))))
            (local.set $len (i32.load8_u (local.get $sig)))
            (if (i32.le_u (i32.add (local.get $s) (local.get $len)) (local.get $e)) (then
              (local.set $j (i32.const 0))
              (block $differs (loop $compare
                (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const 1))))
                (br_if $differs (i32.ne
                  (i32.load8_u (i32.add (local.get $s) (local.get $j)))
                  (i32.load8_u offset=1 (i32.add (local.get $sig) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $compare)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $signatures)))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $position)))
    (i32.const 0))

  ;; Whether `.dockerc` (of `.dockerconfigjson`, `.dockercfg`) starts at p + s, as one
  ;; little-endian i64 compare.
  (func $dockerAt (param $p i32) (param $s i32) (param $len i32) (result i32)
    (if (i32.gt_u (i32.add (local.get $s) (i32.const 8)) (local.get $len)) (then (return (i32.const 0))))
    (i64.eq (i64.load (i32.add (local.get $p) (local.get $s))) (i64.const 0x6372656b636f642e)))

  ;; A maximal base64 run [start, end) of the len bytes at p just ended: its flags. A run
  ;; with a signature is listed, so that only it is decoded; past the list's room,
  ;; RUNS_OVERFLOW says the list is incomplete. LINE_END_RUN when it is as long as a
  ;; wrapped line and a line break follows it, or the backslash of an escaped one (`\n`
  ;; in a JSON string): only then may a signature lie across a break, which
  ;; byte-prefilter.ts then looks for, at the ends listed here ($lineEndRun).
  (func $runFlags (param $p i32) (param $start i32) (param $end i32) (param $len i32) (param $flags i32) (result i32)
    (local $count i32) (local $slot i32) (local $after i32)
    (if (i32.lt_s (i32.sub (local.get $end) (local.get $start)) (i32.const {{MIN_RUN_LENGTH}})) (then (return (local.get $flags))))
    (local.set $flags (i32.or (local.get $flags) (i32.const {{LONG_RUN}})))
    (if (i32.and
          (i32.ge_s (i32.sub (local.get $end) (local.get $start)) (i32.const {{WRAPPED_LINE_LENGTH}}))
          (i32.lt_u (local.get $end) (local.get $len))) (then
      (local.set $after (i32.load8_u (i32.add (local.get $p) (local.get $end))))
      (if (i32.or
            (i32.or (i32.eq (local.get $after) (i32.const 0x0a)) (i32.eq (local.get $after) (i32.const 0x0d)))
            (i32.eq (local.get $after) (i32.const 0x5c)))
        (then (local.set $flags (call $lineEndRun (local.get $end) (local.get $flags)))))))
    (if (i32.and (local.get $flags) (i32.const {{RUNS_OVERFLOW}})) (then (return (local.get $flags))))
    (if (i32.eqz (call $hasSignature (i32.add (local.get $p) (local.get $start)) (i32.add (local.get $p) (local.get $end))))
      (then (return (local.get $flags))))
    (local.set $count (i32.load (i32.const {{SIGNED_RUN_COUNT}})))
    (if (i32.ge_u (local.get $count) (i32.const {{MAX_SIGNED_RUNS}}))
      (then (return (i32.or (local.get $flags) (i32.or (i32.const {{SIGNED_RUN}}) (i32.const {{RUNS_OVERFLOW}}))))))
    ;; Two i32 a run: 8 bytes.
    (local.set $slot (i32.add (i32.const {{SIGNED_RUNS}}) (i32.shl (local.get $count) (i32.const 3))))
    (i32.store (local.get $slot) (local.get $start))
    (i32.store offset=4 (local.get $slot) (local.get $end))
    (i32.store (i32.const {{SIGNED_RUN_COUNT}}) (i32.add (local.get $count) (i32.const 1)))
    (i32.or (local.get $flags) (i32.const {{SIGNED_RUN}})))

  ;; LINE_END_RUN for a run that ends at end, and end listed, so that byte-prefilter.ts
  ;; looks across these breaks alone instead of walking the chunk for them; past the
  ;; list's room, LINE_ENDS_OVERFLOW says it is incomplete (then it walks).
  (func $lineEndRun (param $end i32) (param $flags i32) (result i32)
    (local $count i32)
    (local.set $flags (i32.or (local.get $flags) (i32.const {{LINE_END_RUN}})))
    (if (i32.and (local.get $flags) (i32.const {{LINE_ENDS_OVERFLOW}})) (then (return (local.get $flags))))
    (local.set $count (i32.load (i32.const {{LINE_END_RUN_COUNT}})))
    (if (i32.ge_u (local.get $count) (i32.const {{MAX_LINE_END_RUNS}}))
      (then (return (i32.or (local.get $flags) (i32.const {{LINE_ENDS_OVERFLOW}})))))
    (i32.store offset={{LINE_END_RUNS}} (i32.shl (local.get $count) (i32.const 2)) (local.get $end))
    (i32.store (i32.const {{LINE_END_RUN_COUNT}}) (i32.add (local.get $count) (i32.const 1)))
    (local.get $flags))

  ;; The bytes of 16 at at that are not base64, as a bitmask (bit j: byte j): by
  ;; nibbles, as the table (simd-kernel.ts's writeTables) has them. The scan's 64-byte
  ;; step has this written out four times, since V8 does not inline a call.
  (func $otherLanes (param $at i32) (param $low v128) (param $high v128) (result i32)
    (local $v v128)
    (local.set $v (v128.load (local.get $at)))
    (i8x16.bitmask (i8x16.eq
      (v128.and
        (i8x16.swizzle (local.get $low) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
        (i8x16.swizzle (local.get $high) (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))))
      (v128.const i64x2 0 0))))

  ;; The rare lanes of the 16 bytes at at (bit j: byte j), which $rareLanes looks at: a
  ;; `k` before `_`, `-` or `=`, taken loosely (next | 0x72 = 0x7f, which also lets `/`,
  ;; `?`, `M`, `O`, `]`, `m`, `o`, `}` and a few controls through: two operations for
  ;; three compares and two ors), or a `.` before `d`. Written out in the scan's 64-byte step.
  (func $rareMask (param $at i32) (result i32)
    (local $v v128) (local $n v128)
    (local.set $v (v128.load (local.get $at)))
    (local.set $n (v128.load offset=1 (local.get $at)))
    (i8x16.bitmask (v128.or
      (v128.and
        (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
        (i8x16.eq
          (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72))
          (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
      (v128.and
        (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e))
        (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64))))))

  ;; The rare lanes of the 64 bytes at at, as one mask.
  (func $rareMask64 (param $at i32) (result i64)
    (i64.or
      (i64.or
        (i64.extend_i32_u (call $rareMask (local.get $at)))
        (i64.shl (i64.extend_i32_u (call $rareMask (i32.add (local.get $at) (i32.const 16)))) (i64.const 16)))
      (i64.or
        (i64.shl (i64.extend_i32_u (call $rareMask (i32.add (local.get $at) (i32.const 32)))) (i64.const 32))
        (i64.shl (i64.extend_i32_u (call $rareMask (i32.add (local.get $at) (i32.const 48)))) (i64.const 48)))))

  ;; The rare lanes from p + i (bit j of $lanes: byte i + j; see $rareMask), one by one:
  ;; the flags with PLAIN and DOCKER_CONFIG added as found. Not in MODE_FULL, it returns
  ;; at the first plain candidate, and so must its caller.
  (func $rareLanes (param $p i32) (param $i i32) (param $len i32) (param $mode i32) (param $lanes i64) (param $flags i32) (result i32)
    (local $q i32) (local $next i32)
    (block $done
      (loop $lane
        (br_if $done (i64.eqz (local.get $lanes)))
        (local.set $q (i32.add (local.get $i) (i32.wrap_i64 (i64.ctz (local.get $lanes)))))
        (local.set $lanes (i64.and (local.get $lanes) (i64.sub (local.get $lanes) (i64.const 1))))
        (local.set $next (i32.load8_u offset=1 (i32.add (local.get $p) (local.get $q))))
        (if (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $q))) (i32.const 0x2e))
          (then
            ;; Once found, `.dockerc` is not looked for again.
            (if (i32.eqz (i32.and (local.get $flags) (i32.const {{DOCKER_CONFIG}}))) (then
              (if (call $dockerAt (local.get $p) (local.get $q) (local.get $len))
                (then (local.set $flags (i32.or (local.get $flags) (i32.const {{DOCKER_CONFIG}}))))))))
          (else (if (i32.eqz (i32.and (local.get $flags) (i32.const {{PLAIN}}))) (then
            ;; `k=`: the `k` may stand before a quoted-printable soft break (`sk=\r\n_`),
            ;; $plainAt looks at it from there. `k_`, `k-`: the prefix's letter is the byte
            ;; before; the mask's looser lanes are no candidate.
            (if (if (result i32) (i32.eq (local.get $next) (i32.const 0x3d))
                  (then (call $candidateAt (local.get $p) (local.get $q) (local.get $len) (local.get $mode)))
                  (else (if (result i32)
                      (i32.or (i32.eqz (local.get $q))
                        (i32.and (i32.ne (local.get $next) (i32.const 0x5f)) (i32.ne (local.get $next) (i32.const 0x2d))))
                    (then (i32.const 0))
                    (else (call $candidateAt (local.get $p) (i32.sub (local.get $q) (i32.const 1)) (local.get $len) (local.get $mode))))))
              (then
                (local.set $flags (i32.or (local.get $flags) (i32.const {{PLAIN}})))
                (if (i32.eqz (i32.and (local.get $mode) (i32.const {{MODE_FULL}}))) (then (return (local.get $flags))))))))))
        (br $lane)))
    (local.get $flags))

  ;; The runs of base64 bytes that start and end inside the 64 bytes from p + i, whose
  ;; non-base64 lanes are $other (not 0; bit j: byte i + j): their flags. The run before
  ;; the first byte that is not base64 and the one after the last are the caller's.
  ;; Called only for a group with a long run in it, so it walks run by run.
  (func $innerRuns (param $p i32) (param $i i32) (param $len i32) (param $other i64) (param $flags i32) (result i32)
    (local $end i64) (local $start i64) (local $rest i64)
    (local.set $end (i64.ctz (local.get $other)))
    (block $done
      (loop $run
        (local.set $rest (i64.and (i64.xor (local.get $other) (i64.const -1)) (i64.shl (i64.const -1) (local.get $end))))
        (br_if $done (i64.eqz (local.get $rest)))
        (local.set $start (i64.ctz (local.get $rest)))
        (local.set $rest (i64.and (local.get $other) (i64.shl (i64.const -1) (local.get $start))))
        (br_if $done (i64.eqz (local.get $rest)))
        (local.set $end (i64.ctz (local.get $rest)))
        (if (i64.ge_u (i64.sub (local.get $end) (local.get $start)) (i64.const {{MIN_RUN_LENGTH}}))
          (then (local.set $flags (call $runFlags (local.get $p)
            (i32.add (local.get $i) (i32.wrap_i64 (local.get $start))) (i32.add (local.get $i) (i32.wrap_i64 (local.get $end)))
            (local.get $len) (local.get $flags)))))
        (br $run)))
    (local.get $flags))

  ;; In a binary, base64 bytes seldom fill 16 in a row, so most 64-byte groups are cleared
  ;; by a cheaper test than `scan`'s: each 16-byte block holds a byte below `+` or above
  ;; 0x7f (one compare, as signed bytes), which no base64 run crosses. No run of 31 fits
  ;; between such bytes, and a run from before a group cannot be long where it ends in
  ;; it ($runStart tells how far back it may start). Passes over the groups from p + i
  ;; that pass and hold no rare lane (see $rareMask); returns where the first that does
  ;; not starts (or where no whole group is left) and a floor of where the base64 run
  ;; open there starts, which $runStartBack makes exact. Its own function so that V8
  ;; allocates registers for this loop alone: written inside `scan`, it slowed text's.
  (func $cheapGroups (param $p i32) (param $i i32) (param $len i32) (param $runStart i32) (result i32 i32)
    (local $at i32) (local $v v128) (local $n v128) (local $rare v128)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (block $done
      (loop $group
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 65)) (local.get $len)))
        (local.set $at (i32.add (local.get $p) (local.get $i)))
        ;; Per 16-byte block: the bytes no base64 run crosses, and $rareMask's lanes.
        (local.set $v (v128.load offset=0 (local.get $at)))
        (local.set $n (v128.load offset=1 (local.get $at)))
        (local.set $o0 (i8x16.bitmask (i8x16.lt_s (local.get $v) (v128.const i8x16 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b))))
        (local.set $rare (v128.or
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (i8x16.eq (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72)) (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          (v128.and (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e)) (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64)))))
        (local.set $v (v128.load offset=16 (local.get $at)))
        (local.set $n (v128.load offset=17 (local.get $at)))
        (local.set $o1 (i8x16.bitmask (i8x16.lt_s (local.get $v) (v128.const i8x16 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b))))
        (local.set $rare (v128.or (local.get $rare) (v128.or
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (i8x16.eq (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72)) (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          (v128.and (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e)) (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64))))))
        (local.set $v (v128.load offset=32 (local.get $at)))
        (local.set $n (v128.load offset=33 (local.get $at)))
        (local.set $o2 (i8x16.bitmask (i8x16.lt_s (local.get $v) (v128.const i8x16 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b))))
        (local.set $rare (v128.or (local.get $rare) (v128.or
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (i8x16.eq (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72)) (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          (v128.and (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e)) (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64))))))
        (local.set $v (v128.load offset=48 (local.get $at)))
        (local.set $n (v128.load offset=49 (local.get $at)))
        (local.set $o3 (i8x16.bitmask (i8x16.lt_s (local.get $v) (v128.const i8x16 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b 0x2b))))
        (local.set $rare (v128.or (local.get $rare) (v128.or
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (i8x16.eq (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72)) (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          (v128.and (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e)) (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64))))))
        (br_if $done (i32.or
          (i32.or (v128.any_true (local.get $rare)) (i32.ge_s (i32.sub (i32.add (local.get $i) (i32.const 16)) (local.get $runStart)) (i32.const {{MIN_RUN_LENGTH}})))
          (i32.or (i32.or (i32.eqz (local.get $o0)) (i32.eqz (local.get $o1))) (i32.or (i32.eqz (local.get $o2)) (i32.eqz (local.get $o3))))))
        ;; After the last such byte of the last block.
        (local.set $runStart (i32.sub (i32.add (local.get $i) (i32.const 80)) (i32.clz (local.get $o3))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $group)))
    (local.get $i) (local.get $runStart))

  ;; Where the base64 bytes before byte i of the bytes at p start, known not to start
  ;; before floor.
  (func $runStartBack (param $p i32) (param $floor i32) (param $i i32) (result i32)
    (block $found
      (loop $back
        (br_if $found (i32.le_s (local.get $i) (local.get $floor)))
        (br_if $found (i32.eqz (call $isBase64 (i32.load8_u (i32.sub (i32.add (local.get $p) (local.get $i)) (i32.const 1))))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $back)))
    (local.get $i))

  ;; The pre-filter over len bytes at p. $mode: MODE_FULL, MODE_BINARY (see $binaryAt).
  ;; Flags: PLAIN if a plain candidate turns up (unless MODE_FULL, nothing more is looked for then, and PLAIN alone is returned); LONG_RUN if some
  ;; run of >= MIN_RUN_LENGTH base64 bytes exists, SIGNED_RUN if such a run holds a
  ;; signature (listed at SIGNED_RUNS), RUNS_OVERFLOW if more did than the list holds,
  ;; LINE_END_RUN if a run of >= WRAPPED_LINE_LENGTH ends at a line break (its end listed
  ;; at LINE_END_RUNS), LINE_ENDS_OVERFLOW if more did than that list holds, DOCKER_CONFIG
  ;; if `.dockerc` stands somewhere; 0 when none of these.
  ;;
  ;; 64 bytes a step, as four 16-byte blocks: each gives a bitmask of the bytes that are
  ;; not base64 and a vector of rare lanes ($rareMask), and the step takes one branch in
  ;; the common case, where no lane is rare and no long run ends in the group or lies
  ;; inside it (a 64-bit test, with no call before it: a call would have V8 keep every
  ;; vector on the stack). Then 16 bytes a step, then one byte a step.
  (func (export "scan") (param $p i32) (param $len i32) (param $mode i32) (result i32)
    (local $i i32) (local $at i32) (local $v v128) (local $n v128) (local $rare v128)
    (local $low v128) (local $high v128) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $other i64) (local $long i64) (local $runStart i32) (local $end i32) (local $flags i32)
    (local $c i32) (local $next i32)
    (local.set $low (v128.load (i32.const {{BASE64_LOW_NIBBLES}})))
    (local.set $high (v128.load (i32.const {{BASE64_HIGH_NIBBLES}})))
    ;; $runStart: where the base64 bytes before the one looked at start, always known:
    ;; the run they make ends at the next byte that is not base64.
    (i32.store (i32.const {{SIGNED_RUN_COUNT}}) (i32.const 0))
    (i32.store (i32.const {{LINE_END_RUN_COUNT}}) (i32.const 0))
    (block $groupsDone
      (loop $group
        ;; A group also reads the byte after it (a rare lane's second byte).
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $i) (i32.const 65)) (local.get $len)))
        (local.set $at (i32.add (local.get $p) (local.get $i)))
        (if (i32.and (local.get $mode) (i32.const {{MODE_BINARY}})) (then
          (call $cheapGroups (local.get $p) (local.get $i) (local.get $len) (local.get $runStart))
          (local.set $runStart) (local.set $c)
          (if (i32.ne (local.get $c) (local.get $i)) (then
            (local.set $i (local.get $c))
            (local.set $runStart (call $runStartBack (local.get $p) (local.get $runStart) (local.get $i)))
            (br_if $groupsDone (i32.gt_u (i32.add (local.get $i) (i32.const 65)) (local.get $len)))
            (local.set $at (i32.add (local.get $p) (local.get $i)))))))
        ;; Bytes i + 0 to i + 15: $otherLanes and $rareMask, written out.
        (local.set $v (v128.load offset=0 (local.get $at)))
        (local.set $n (v128.load offset=1 (local.get $at)))
        (local.set $o0 (i8x16.bitmask (i8x16.eq
          (v128.and
            (i8x16.swizzle (local.get $low) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (i8x16.swizzle (local.get $high) (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))))
          (v128.const i64x2 0 0))))
        (local.set $rare (v128.or
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (i8x16.eq
              (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72))
              (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e))
            (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64)))))
        ;; Bytes i + 16 to i + 31: $otherLanes and $rareMask, written out.
        (local.set $v (v128.load offset=16 (local.get $at)))
        (local.set $n (v128.load offset=17 (local.get $at)))
        (local.set $o1 (i8x16.bitmask (i8x16.eq
          (v128.and
            (i8x16.swizzle (local.get $low) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (i8x16.swizzle (local.get $high) (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))))
          (v128.const i64x2 0 0))))
        (local.set $rare (v128.or (local.get $rare) (v128.or
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (i8x16.eq
              (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72))
              (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e))
            (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64))))))
        ;; Bytes i + 32 to i + 47: $otherLanes and $rareMask, written out.
        (local.set $v (v128.load offset=32 (local.get $at)))
        (local.set $n (v128.load offset=33 (local.get $at)))
        (local.set $o2 (i8x16.bitmask (i8x16.eq
          (v128.and
            (i8x16.swizzle (local.get $low) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (i8x16.swizzle (local.get $high) (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))))
          (v128.const i64x2 0 0))))
        (local.set $rare (v128.or (local.get $rare) (v128.or
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (i8x16.eq
              (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72))
              (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e))
            (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64))))))
        ;; Bytes i + 48 to i + 63: $otherLanes and $rareMask, written out.
        (local.set $v (v128.load offset=48 (local.get $at)))
        (local.set $n (v128.load offset=49 (local.get $at)))
        (local.set $o3 (i8x16.bitmask (i8x16.eq
          (v128.and
            (i8x16.swizzle (local.get $low) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (i8x16.swizzle (local.get $high) (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))))
          (v128.const i64x2 0 0))))
        (local.set $rare (v128.or (local.get $rare) (v128.or
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (i8x16.eq
              (v128.or (local.get $n) (v128.const i8x16 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72 0x72))
              (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          (v128.and
            (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e))
            (i8x16.eq (local.get $n) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64))))))
        (local.set $other (i64.or
          (i64.extend_i32_u (i32.or (local.get $o0) (i32.shl (local.get $o1) (i32.const 16))))
          (i64.shl (i64.extend_i32_u (i32.or (local.get $o2) (i32.shl (local.get $o3) (i32.const 16)))) (i64.const 32))))
        ;; Where the run open before the group ends (i + 64 if it goes on through it).
        (local.set $end (i32.add (local.get $i) (i32.wrap_i64 (i64.ctz (local.get $other)))))
        ;; Bit j of $long: bytes i + j to i + j + MIN_RUN_LENGTH - 1 are base64, by
        ;; doubling runs of set bits (2, 4, 8, 16, 32, then MIN_RUN_PAST_32 more).
        (local.set $long (i64.xor (local.get $other) (i64.const -1)))
        (local.set $long (i64.and (local.get $long) (i64.shr_u (local.get $long) (i64.const 1))))
        (local.set $long (i64.and (local.get $long) (i64.shr_u (local.get $long) (i64.const 2))))
        (local.set $long (i64.and (local.get $long) (i64.shr_u (local.get $long) (i64.const 4))))
        (local.set $long (i64.and (local.get $long) (i64.shr_u (local.get $long) (i64.const 8))))
        (local.set $long (i64.and (local.get $long) (i64.shr_u (local.get $long) (i64.const 16))))
        (local.set $long (i64.and (local.get $long) (i64.shr_u (local.get $long) (i64.const {{MIN_RUN_PAST_32}}))))
        (if (i32.or
              (i32.or (v128.any_true (local.get $rare)) (i64.ne (local.get $long) (i64.const 0)))
              (i32.ge_s (i32.sub (local.get $end) (local.get $runStart)) (i32.const {{MIN_RUN_LENGTH}})))
          (then
            (if (v128.any_true (local.get $rare)) (then
              (local.set $flags (call $rareLanes (local.get $p) (local.get $i) (local.get $len) (local.get $mode)
                (call $rareMask64 (local.get $at)) (local.get $flags)))
              (if (i32.and (i32.and (local.get $flags) (i32.const {{PLAIN}})) (i32.eqz (i32.and (local.get $mode) (i32.const {{MODE_FULL}}))))
                (then (return (i32.const {{PLAIN}}))))))
            ;; All base64: the open run goes on. Else it ends at the first byte that is
            ;; not, runs may start and end inside the group, and the last goes on.
            (if (i64.ne (local.get $other) (i64.const 0)) (then
              (if (i32.ge_s (i32.sub (local.get $end) (local.get $runStart)) (i32.const {{MIN_RUN_LENGTH}}))
                (then (local.set $flags (call $runFlags (local.get $p) (local.get $runStart) (local.get $end) (local.get $len) (local.get $flags)))))
              (if (i64.ne (local.get $long) (i64.const 0))
                (then (local.set $flags (call $innerRuns (local.get $p) (local.get $i) (local.get $len) (local.get $other) (local.get $flags)))))
              (local.set $runStart (i32.sub (i32.add (local.get $i) (i32.const 64)) (i32.wrap_i64 (i64.clz (local.get $other))))))))
          (else (local.set $runStart (i32.sub (i32.add (local.get $i) (i32.const 64)) (i32.wrap_i64 (i64.clz (local.get $other)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $group)))

    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.gt_u (i32.add (local.get $i) (i32.const 17)) (local.get $len)))
        (local.set $at (i32.add (local.get $p) (local.get $i)))
        (local.set $c (call $rareMask (local.get $at)))
        (if (local.get $c) (then
          (local.set $flags (call $rareLanes (local.get $p) (local.get $i) (local.get $len) (local.get $mode) (i64.extend_i32_u (local.get $c)) (local.get $flags)))
          (if (i32.and (i32.and (local.get $flags) (i32.const {{PLAIN}})) (i32.eqz (i32.and (local.get $mode) (i32.const {{MODE_FULL}}))))
            (then (return (i32.const {{PLAIN}}))))))
        ;; No run long enough fits inside 16 bytes: only the one that ends here counts.
        (local.set $c (call $otherLanes (local.get $at) (local.get $low) (local.get $high)))
        (if (local.get $c) (then
          (local.set $end (i32.add (local.get $i) (i32.ctz (local.get $c))))
          (if (i32.ge_s (i32.sub (local.get $end) (local.get $runStart)) (i32.const {{MIN_RUN_LENGTH}}))
            (then (local.set $flags (call $runFlags (local.get $p) (local.get $runStart) (local.get $end) (local.get $len) (local.get $flags)))))
          (local.set $runStart (i32.sub (i32.add (local.get $i) (i32.const 32)) (i32.clz (local.get $c))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))

    ;; The last few bytes, one at a time.
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $len)) (then
          (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $i))))
          (local.set $next (i32.load8_u offset=1 (i32.add (local.get $p) (local.get $i))))
          (if (i32.or
                (i32.and (i32.eq (local.get $c) (i32.const 0x6b))
                  (i32.or (i32.or (i32.eq (local.get $next) (i32.const 0x5f)) (i32.eq (local.get $next) (i32.const 0x2d)))
                    (i32.eq (local.get $next) (i32.const 0x3d))))
                (i32.and (i32.eq (local.get $c) (i32.const 0x2e)) (i32.eq (local.get $next) (i32.const 0x64)))) (then
            (local.set $flags (call $rareLanes (local.get $p) (local.get $i) (local.get $len) (local.get $mode) (i64.const 1) (local.get $flags)))
            (if (i32.and (i32.and (local.get $flags) (i32.const {{PLAIN}})) (i32.eqz (i32.and (local.get $mode) (i32.const {{MODE_FULL}}))))
              (then (return (i32.const {{PLAIN}}))))))))
        (if (i32.eqz (call $isBase64 (i32.load8_u (i32.add (local.get $p) (local.get $i))))) (then
          (local.set $flags (call $runFlags (local.get $p) (local.get $runStart) (local.get $i) (local.get $len) (local.get $flags)))
          (local.set $runStart (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (call $runFlags (local.get $p) (local.get $runStart) (local.get $len) (local.get $len) (local.get $flags)))

  ;; Whether the len bytes at p hold a key prefix as UTF-16 at either alignment:
  ;; utf16-views.ts's `mayHoldUtf16KeyPortable` (`s` or `r`, any byte, `k`, 0, `_` or `-`,
  ;; 0), which takes two Buffer.indexOf passes over every binary. 64 bytes a step, one
  ;; branch on whether a `k` stands before a 0 (in a quarter of a percent of a
  ;; node_modules tree's binary groups); then the group is looked at byte by byte.
  (func (export "utf16Prefix") (param $p i32) (param $len i32) (result i32)
    (local $i i32) (local $at i32) (local $lanes v128)
    (block $groupsDone
      (loop $group
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $i) (i32.const 65)) (local.get $len)))
        (local.set $at (i32.add (local.get $p) (local.get $i)))
        (local.set $lanes (v128.or
          (v128.or
            (v128.and (i8x16.eq (v128.load offset=0 (local.get $at)) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
              (i8x16.eq (v128.load offset=1 (local.get $at)) (v128.const i64x2 0 0)))
            (v128.and (i8x16.eq (v128.load offset=16 (local.get $at)) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
              (i8x16.eq (v128.load offset=17 (local.get $at)) (v128.const i64x2 0 0))))
          (v128.or
            (v128.and (i8x16.eq (v128.load offset=32 (local.get $at)) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
              (i8x16.eq (v128.load offset=33 (local.get $at)) (v128.const i64x2 0 0)))
            (v128.and (i8x16.eq (v128.load offset=48 (local.get $at)) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
              (i8x16.eq (v128.load offset=49 (local.get $at)) (v128.const i64x2 0 0))))))
        (if (v128.any_true (local.get $lanes)) (then
          (if (call $utf16Between (local.get $p) (local.get $i) (i32.add (local.get $i) (i32.const 64)) (local.get $len))
            (then (return (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $group)))
    (call $utf16Between (local.get $p) (local.get $i) (local.get $len) (local.get $len)))

  ;; Whether a UTF-16 key prefix's `k` stands at one of the offsets [from, to) of the len
  ;; bytes at p: `s` or `r` two bytes before it, as `mayHoldUtf16Key` has it.
  (func $utf16Between (param $p i32) (param $from i32) (param $to i32) (param $len i32) (result i32)
    (local $q i32) (local $at i32) (local $c i32)
    (local.set $q (local.get $from))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $q) (local.get $to)))
        (local.set $at (i32.add (local.get $p) (local.get $q)))
        (if (i32.and
              (i32.and (i32.ge_u (local.get $q) (i32.const 2)) (i32.lt_u (i32.add (local.get $q) (i32.const 3)) (local.get $len)))
              (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x6b))) (then
          (local.set $c (i32.load8_u offset=2 (local.get $at)))
          (if (i32.and
                (i32.and
                  (i32.eqz (i32.load8_u offset=1 (local.get $at)))
                  (i32.eqz (i32.load8_u offset=3 (local.get $at))))
                (i32.and
                  (i32.or (i32.eq (local.get $c) (i32.const 0x5f)) (i32.eq (local.get $c) (i32.const 0x2d)))
                  (i32.eq (i32.or (i32.load8_u (i32.sub (local.get $at) (i32.const 2))) (i32.const 1)) (i32.const 0x73))))
            (then (return (i32.const 1))))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $each)))
    (i32.const 0))

  ;; How many line feeds the len bytes at p hold: chunked readers carry line numbers
  ;; from one chunk to the next without decoding the chunk.
  (func (export "countLineFeeds") (param $p i32) (param $len i32) (result i32)
    (local $i i32) (local $count i32) (local $sums v128) (local $steps i32)
    (block $blocksDone
      (loop $outer
        (br_if $blocksDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        ;; Per-lane byte counters, emptied every 255 blocks before they can overflow.
        (local.set $sums (v128.const i64x2 0 0))
        (local.set $steps (i32.const 0))
        (block $full
          (loop $inner
            (br_if $full (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
            (br_if $full (i32.eq (local.get $steps) (i32.const 255)))
            (local.set $sums (i8x16.sub (local.get $sums)
              (i8x16.eq (v128.load (i32.add (local.get $p) (local.get $i)))
                (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
            (br $inner)))
        (local.set $count (i32.add (local.get $count) (call $laneSum (local.get $sums))))
        (br $outer)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 10))
          (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $count))

  ;; UTF-16 code units the len bytes of UTF-8 at p decode to: one per character, two for
  ;; a four-byte one, so bytes minus continuation bytes plus four-byte lead bytes. Exact
  ;; for valid UTF-8 (position.ts measures a long line with it, not by decoding it).
  (func (export "utf16Width") (param $p i32) (param $len i32) (result i32)
    (local $i i32) (local $continuations i32) (local $fourByte i32) (local $v v128)
    (local $sumC v128) (local $sumF v128) (local $steps i32)
    (block $blocksDone
      (loop $outer
        (br_if $blocksDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        ;; Per-lane byte counters, emptied every 255 blocks before they can overflow.
        (local.set $sumC (v128.const i64x2 0 0))
        (local.set $sumF (v128.const i64x2 0 0))
        (local.set $steps (i32.const 0))
        (block $full
          (loop $inner
            (br_if $full (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
            (br_if $full (i32.eq (local.get $steps) (i32.const 255)))
            (local.set $v (v128.load (i32.add (local.get $p) (local.get $i))))
            (local.set $sumC (i8x16.sub (local.get $sumC)
              (i8x16.eq (v128.and (local.get $v) (v128.const i8x16 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0))
                (v128.const i8x16 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80))))
            (local.set $sumF (i8x16.sub (local.get $sumF)
              (i8x16.ge_u (local.get $v) (v128.const i8x16 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
            (br $inner)))
        (local.set $continuations (i32.add (local.get $continuations) (call $laneSum (local.get $sumC))))
        (local.set $fourByte (i32.add (local.get $fourByte) (call $laneSum (local.get $sumF))))
        (br $outer)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eq (i32.and (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 0xc0)) (i32.const 0x80))
          (then (local.set $continuations (i32.add (local.get $continuations) (i32.const 1)))))
        (if (i32.ge_u (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 0xf0))
          (then (local.set $fourByte (i32.add (local.get $fourByte) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (i32.add (i32.sub (local.get $len) (local.get $continuations)) (local.get $fourByte)))

  ;; The sum of a vector's sixteen byte lanes (each at most 255).
  (func $laneSum (param $sums v128) (result i32)
    (local.set $sums (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $sums))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $sums)) (i32x4.extract_lane 1 (local.get $sums)))
      (i32.add (i32x4.extract_lane 2 (local.get $sums)) (i32x4.extract_lane 3 (local.get $sums)))))
)
