"""`loa fuzz`: mutate real sample files and run every importer on them, each input under a time and memory cap.

mutate.py  the mutations (no Django)           corpus.py  the throwaway world and the sample files
targets.py the importers as the fuzzer runs them  worker.py  one capped worker process
engine.py  workers, watchdog, crash files, the summary
"""
